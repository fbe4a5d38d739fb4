package io.chatnode.cli;

import io.chatnode.protocol.Request;
import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.ServerLine;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns server lines into what the interactive user reads, e.g. {@code [12:04] [lobby] alice: hi}.
 * Pure: the clock is injected, and the result is a styled string that the caller renders with
 * colour or as plain text. Everything that came from the network passes through
 * {@link SafeText#neutralise} here, the one place where network text meets the display.
 */
public final class ChatFormatter {

  private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DAY_HOURS_MINUTES = DateTimeFormatter.ofPattern("MM-dd HH:mm");
  private static final AttributedStyle ROOM = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  private static final AttributedStyle PRIVATE = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
  private static final AttributedStyle NOTICE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  private static final AttributedStyle QUIET = AttributedStyle.DEFAULT.faint();
  private static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
  private static final int[] NICK_COLOURS = {AttributedStyle.GREEN, AttributedStyle.BLUE,
      AttributedStyle.MAGENTA, AttributedStyle.CYAN, AttributedStyle.YELLOW, AttributedStyle.RED};

  private final Clock clock;

  public ChatFormatter(Clock clock) {
    this.clock = clock;
  }

  /** A push, as the user reads it; an unknown kind is shown with a {@code -?-} mark. */
  public AttributedString push(ServerLine push) {
    Line out = new Line();
    switch (push.type()) {
      case "msg" -> out.room(push.field("room")).nick(push.field("from")).plain(": ").plain(push.field("text"));
      case "dm" -> out.styled("*" + push.field("from") + "*", PRIVATE).plain(" ").plain(push.field("text"));
      case "joined" -> out.quiet("-- " + push.field("nick") + " joined " + push.field("room"));
      case "left" -> out.quiet("-- " + push.field("nick") + " left " + push.field("room"));
      case "renamed" -> out.quiet("-- " + push.field("old") + " is now known as " + push.field("new"));
      case "info" -> out.styled("-!- " + push.field("text"), NOTICE);
      case "bye" -> out.styled("-!- the node is closing the connection: " + push.field("reason"), NOTICE);
      case "hello" -> out.quiet("-- connected to node " + push.field("node") + " as " + push.field("nick"));
      case "hist" -> {
        return history(push, CatchUp.Mark.HISTORY);
      }
      case "lost" -> out.styled("-!- messages " + push.field("range") + " of " + push.field("room")
          + " did not reach you; /history shows the room's last ones", NOTICE);
      default -> out.styled("-?- " + push.raw(), NOTICE);
    }
    return out.build();
  }

  /**
   * A {@code hist} line: like a live message, but with the time it was said (the date too if not
   * today) and marked {@code (history)}, or {@code (missed)} for what the user missed while away.
   */
  public AttributedString history(ServerLine hist, CatchUp.Mark mark) {
    Line out = new Line(said(hist.field("time")));
    out.room(hist.field("room")).nick(hist.field("from")).plain(": ").plain(hist.field("text"));
    return out.quiet(mark == CatchUp.Mark.MISSED ? " (missed)" : " (history)").build();
  }

  /** When a message was said, in the client's zone: {@code 10:15}, or {@code 11-23 10:15} if not today. */
  private String said(String wireTime) {
    ZonedDateTime when;
    try {
      when = Instant.parse(wireTime).atZone(clock.getZone());
    } catch (DateTimeParseException e) {
      return LocalTime.now(clock).format(HOURS_MINUTES);
    }
    boolean today = when.toLocalDate().equals(LocalDate.now(clock));
    return when.format(today ? HOURS_MINUTES : DAY_HOURS_MINUTES);
  }

  /** A quiet heading, e.g. before the last messages of a room just joined. */
  public AttributedString heading(String text) {
    return new Line().quiet("-- " + text).build();
  }

  /**
   * The reply to {@code requestLine}, saying what happened. With {@code raw}
   * (a {@code /raw} request) the reply is shown as received, but still neutralised.
   */
  public AttributedString reply(String requestLine, boolean raw, ServerLine reply, String myNick) {
    Request request = RequestParser.parse(requestLine);
    if (!reply.isOk()) {
      return error(request, reply);
    }
    if (raw) {
      return new Line().quiet("< ").plain(reply.raw()).build();
    }
    String result = reply.field("result");
    Line out = new Line();
    switch (request.command()) {
      case "say" -> {
        Request.WordAndText said = request.wordAndText();
        out.room(said.word()).nick(myNick).plain(": ").plain(said.text() == null ? "" : said.text());
      }
      case "msg" -> {
        Request.WordAndText sent = request.wordAndText();
        out.styled("-> *" + sent.word() + "*", PRIVATE).plain(" ").plain(sent.text() == null ? "" : sent.text());
      }
      case "nick" -> out.quiet("-- you are now " + result);
      case "auth" -> out.quiet("-- logged in; you are " + result);
      case "join" -> out.quiet("-- you joined " + result + "; now talking in " + result);
      case "leave" -> out.quiet("-- you left " + result);
      case "who" -> out.quiet(result.isEmpty()
          ? "-- nobody is in " + request.rest().strip()
          : "-- in " + request.rest().strip() + ": " + result);
      case "rooms" -> out.quiet(result.isEmpty() ? "-- no rooms" : "-- rooms: " + roomList(result));
      case "get_time" -> out.quiet("-- node time: " + result);
      case "echo" -> out.quiet("-- echo: ").plain(result);
      case "calculate_sum" -> out.quiet("-- sum: " + result);
      case "ping" -> out.quiet("-- " + result);
      case "stats" -> out.quiet("-- stats: " + result);
      case "quit" -> out.quiet("-- bye");
      case "history" -> out.quiet("-- history of " + request.arguments().get(0) + ": " + result);
      default -> out.quiet("< ").plain(reply.raw());
    }
    return out.build();
  }

  /** {@code abc:1 lobby:3} as {@code abc (1), lobby (3)}. */
  private static String roomList(String result) {
    return java.util.Arrays.stream(result.split(" "))
        .map(entry -> {
          int colon = entry.lastIndexOf(':');
          return colon < 0 ? entry : entry.substring(0, colon) + " (" + entry.substring(colon + 1) + ")";
        })
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** A message from the client itself (connection state, usage). */
  public AttributedString notice(String text) {
    return new Line().styled("-!- " + text, NOTICE).build();
  }

  /** A problem the user should act on. */
  public AttributedString problem(String text) {
    return new Line().styled("! " + text, ERROR).build();
  }

  private AttributedString error(Request request, ServerLine reply) {
    long retryAfter = reply.retryAfterMs();
    String message = retryAfter >= 0
        ? "slow down: try again in " + retryAfter + " ms"
        : reply.field("message") + " (" + reply.field("code") + ")";
    Line out = new Line().styled("! " + request.command() + ": " + message, ERROR);
    // The typed line was erased from the screen: give the user back chat text that did not go out.
    if (request.command().equals("say") || request.command().equals("msg")) {
      String text = request.wordAndText().text();
      if (text != null) {
        out.quiet(" — not sent: ").plain(text);
      }
    }
    return out.build();
  }

  /** One output line: the time, then neutralised segments. */
  private final class Line {
    private final AttributedStringBuilder sb = new AttributedStringBuilder();

    Line() {
      this(LocalTime.now(clock).format(HOURS_MINUTES));
    }

    Line(String time) {
      sb.styled(QUIET, "[" + time + "] ");
    }

    Line plain(String text) {
      sb.append(SafeText.neutralise(text));
      return this;
    }

    Line quiet(String text) {
      return styled(text, QUIET);
    }

    Line styled(String text, AttributedStyle style) {
      sb.styled(style, SafeText.neutralise(text));
      return this;
    }

    Line room(String room) {
      return styled("[" + room + "] ", ROOM);
    }

    Line nick(String nick) {
      int colour = NICK_COLOURS[Math.floorMod(nick.hashCode(), NICK_COLOURS.length)];
      return styled(nick, AttributedStyle.BOLD.foreground(colour));
    }

    AttributedString build() {
      return sb.toAttributedString();
    }
  }
}
