package io.chatnode.cli;

import io.chatnode.protocol.Names;
import io.chatnode.protocol.ServerLine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Protocol 1.1 in the interactive client: per room, which messages the user has been shown (by
 * {@code seq}), and the {@code history} requests that fill in what they have not seen: the room's
 * last messages on joining, what was said while the connection was down, and the range a
 * {@code lost} notice names. Pure and single-threaded (the session's ui thread): it is told what
 * the node said and answers with {@link Step}s that the session carries out.
 *
 * <p>No duplicate, no gap: while a room is being filled its live messages are held, and released
 * in {@code seq} order once the fill has ended, without those that history already showed; a
 * message is shown only if its number was not shown before ({@link SeenSeqs}). A resume pages
 * with {@code history <room> after <seq>} until the reply's {@code latest=} is reached. Numbers
 * are only compared within one {@code epoch}: when the node's epoch changes (its history was
 * lost), a rejoined room shows its latest messages instead, and the user is told.
 *
 * <p>Against a node that does not offer both {@code tags} and {@code history} (a version 1 node,
 * or one with {@code history.enabled=false}) nothing is asked for and every message is shown as
 * it comes, as before protocol 1.1.
 */
public final class CatchUp {

  /** What the session does next. */
  public sealed interface Step {}

  /** Show a {@code msg} push or a {@code hist} line, marked as live, earlier history, or missed. */
  public record Show(ServerLine line, Mark mark) implements Step {}

  /** Send this {@code history} request; its {@code hist} lines and reply come back here. */
  public record Request(String line) implements Step {}

  /** Tell the user: a warning (something was lost or reset) or a quiet heading. */
  public record Notice(String text, boolean warning) implements Step {}

  public enum Mark { LIVE, HISTORY, MISSED }

  /** Messages shown on joining a room unless configured otherwise. */
  public static final int DEFAULT_JOIN_HISTORY = 20;

  /** The request that turns on what this class needs. */
  static final String CAP_REQUEST = "cap tags history";

  /** Own messages remembered per room, to recognise them when history gives them back. */
  private static final int OWN_KEPT = 256;

  private enum Why { JOIN, RESUME, LOST }

  /** One history fill of a room: one request in flight at a time, paging on from {@code cursor}. */
  private static final class Fill {
    final Why why;
    /** Exclusive: the next page asks for messages after this one. */
    long cursor;
    /** Inclusive: numbers beyond it are not this fill's (a lost range's end). */
    final long upTo;
    final int limit;
    final boolean quiet;
    boolean headed;

    Fill(Why why, long cursor, long upTo, int limit, boolean quiet) {
      this.why = why;
      this.cursor = cursor;
      this.upTo = upTo;
      this.limit = limit;
      this.quiet = quiet;
    }

    String request(String room) {
      return why == Why.JOIN ? "history " + room + " latest " + limit : "history " + room + " after " + cursor + " " + limit;
    }
  }

  /** What is known of one joined room. */
  private static final class Room {
    final SeenSeqs seen = new SeenSeqs();
    /**
     * Every message up to here has been shown or deliberately passed over, apart from the ranges
     * of fills still running: a resume asks for what comes after it.
     */
    long watermark;
    /** The watermark holds in the current epoch: a rejoin resumes after it instead of showing the latest. */
    boolean known;
    /** The epoch changed while the connection was in the room: say so when it is joined again. */
    boolean epochReset;
    /** The first fill on this connection has ended; before that, live messages are held. */
    boolean settled;
    final Deque<Fill> fills = new ArrayDeque<>();
    final TreeMap<Long, ServerLine> held = new TreeMap<>();
    /** "nick text" of own messages: the node does not echo them, so their numbers are unknown. */
    final Deque<String> ownSaid = new ArrayDeque<>();
  }

  private final int joinHistory;
  private final Map<String, Room> rooms = new HashMap<>();
  /** Untagged messages that came before the {@code cap} reply: the fills about to start cover them. */
  private final List<ServerLine> beforeCap = new ArrayList<>();
  private int historyMax = 100;
  private String epoch;
  private boolean capPending;
  private boolean active;

  /** @param joinHistory messages shown on joining a room; 0 for none (gaps are filled all the same) */
  public CatchUp(int joinHistory) {
    if (joinHistory < 0) {
      throw new IllegalArgumentException("messages shown on joining must be 0 or more, not " + joinHistory);
    }
    this.joinHistory = joinHistory;
  }

  /** The capabilities a {@code hello} advertises ({@code caps=tags,history}); empty for a version 1 node. */
  public static Set<String> offered(ServerLine hello) {
    String caps = hello.field("caps");
    return caps.isEmpty() ? Set.of() : Set.of(caps.split(","));
  }

  /** True while fills may run on this connection: {@code cap tags history} was answered {@code ok}. */
  public boolean active() {
    return active;
  }

  /**
   * A new connection's greeting; returns the {@code cap} request to send (right after a login, before
   * anything else), or null when the node does not offer what catching up needs.
   */
  public String onHello(ServerLine hello) {
    onConnectionLost();
    Set<String> caps = offered(hello);
    if (!caps.contains("tags") || !caps.contains("history")) {
      return null;
    }
    historyMax = positive(hello.field("history_max"), 100);
    String newEpoch = hello.field("epoch");
    if (epoch != null && !epoch.equals(newEpoch)) {
      for (Room room : rooms.values()) {
        room.epochReset = true; // in the room before the restart, whether or not its first fill had come back
        room.known = false;
        room.watermark = 0;
        room.seen.clear();
        room.ownSaid.clear();
      }
    }
    epoch = newEpoch;
    capPending = true;
    return CAP_REQUEST;
  }

  /** The reply to {@link #CAP_REQUEST}; {@code rooms} are those the connection is in: each is filled. */
  public List<Step> onCapReply(ServerLine reply, Collection<String> rooms) {
    capPending = false;
    List<Step> steps = new ArrayList<>();
    List<String> on = reply.isOk() ? Arrays.asList(reply.field("result").split(" ")) : List.of();
    if (on.contains("tags") && on.contains("history")) {
      active = true;
      beforeCap.clear();
      for (String room : rooms) {
        steps.addAll(onJoined(room));
      }
    } else {
      beforeCap.forEach(line -> steps.add(new Show(line, Mark.LIVE)));
      beforeCap.clear();
    }
    return steps;
  }

  /** The connection is in {@code room} (a {@code join} answered {@code ok}): show its last messages, or resume. */
  public List<Step> onJoined(String room) {
    if (!active) {
      return List.of();
    }
    Room r = rooms.computeIfAbsent(Names.key(room), k -> new Room());
    List<Step> steps = new ArrayList<>();
    if (r.epochReset) {
      r.epochReset = false;
      steps.add(new Notice("the node's history was reset (it restarted): what was said in " + Names.key(room)
          + " while you were away is lost; here are its latest messages", true));
    }
    Fill fill = r.known
        ? new Fill(Why.RESUME, r.watermark, Long.MAX_VALUE, historyMax, false)
        : new Fill(Why.JOIN, 0, Long.MAX_VALUE, Math.max(1, Math.min(joinHistory, historyMax)), joinHistory == 0);
    enqueue(Names.key(room), r, fill, steps);
    return steps;
  }

  /** A {@code leave} answered {@code ok}: a later join starts afresh. */
  public void onLeft(String room) {
    rooms.remove(Names.key(room));
  }

  /** A {@code say} answered {@code ok}: the node does not send it back, but history will. */
  public void onSaid(String room, String nick, String text) {
    Room r = rooms.get(Names.key(room));
    if (active && r != null) {
      r.ownSaid.addLast(nick + " " + text);
      if (r.ownSaid.size() > OWN_KEPT) {
        r.ownSaid.removeFirst();
      }
    }
  }

  /** A live {@code msg} push. */
  public List<Step> onMsg(ServerLine msg) {
    if (!active) {
      if (capPending) {
        beforeCap.add(msg);
        return List.of();
      }
      return List.of(new Show(msg, Mark.LIVE));
    }
    long seq = seqOf(msg.field("seq"));
    if (seq < 0) {
      return List.of(new Show(msg, Mark.LIVE));
    }
    Room r = rooms.computeIfAbsent(msg.field("room"), k -> new Room());
    if (!r.settled || !r.fills.isEmpty()) {
      r.held.putIfAbsent(seq, msg);
      return List.of();
    }
    return showLive(r, seq, msg);
  }

  /** A {@code hist} line that precedes the reply to one of this class's requests. */
  public List<Step> onHist(ServerLine hist) {
    String room = hist.field("room");
    Room r = rooms.get(room);
    Fill fill = r == null ? null : r.fills.peek();
    long seq = seqOf(hist.field("seq"));
    if (fill == null || seq < 0) {
      return List.of(); // the room was left meanwhile
    }
    fill.cursor = Math.max(fill.cursor, seq);
    if (seq > fill.upTo || r.seen.contains(seq)) {
      return List.of();
    }
    r.seen.add(seq);
    r.watermark = Math.max(r.watermark, seq);
    if (r.ownSaid.remove(hist.field("from") + " " + hist.field("text")) || fill.quiet) {
      return List.of(); // shown when it was said
    }
    List<Step> steps = new ArrayList<>(2);
    if (!fill.headed && fill.why != Why.LOST) {
      steps.add(new Notice(fill.why == Why.JOIN ? "the last messages in " + room + ":"
          : "what was said in " + room + " while you were away:", false));
    }
    fill.headed = true;
    steps.add(new Show(hist, fill.why == Why.JOIN ? Mark.HISTORY : Mark.MISSED));
    return steps;
  }

  /** The reply to {@code requestLine}, a history request that this class asked for. */
  public List<Step> onHistoryReply(String requestLine, ServerLine reply) {
    String[] words = requestLine.split(" ");
    String room = words.length > 1 ? Names.key(words[1]) : "";
    Room r = rooms.get(room);
    Fill fill = r == null ? null : r.fills.peek();
    if (fill == null) {
      return List.of();
    }
    List<Step> steps = new ArrayList<>();
    if (!reply.isOk()) {
      if (!reply.field("code").equals("not_member")) { // not_member: left meanwhile
        steps.add(new Notice("could not fetch the history of " + room + ": " + reply.field("message"), true));
      }
      finish(room, r, steps);
      return steps;
    }
    Map<String, String> result = pairs(reply.field("result"));
    long count = seqOf(result.getOrDefault("count", ""));
    long latest = seqOf(result.getOrDefault("latest", ""));
    String lost = result.get("lost");
    if (lost != null) {
      steps.add(new Notice("messages " + lost + " of " + room + " are no longer kept by the node; they cannot be shown", true));
    }
    if (fill.why != Why.JOIN && count >= fill.limit && fill.cursor < Math.min(fill.upTo, latest)) {
      steps.add(new Request(fill.request(room)));
      return steps;
    }
    if (fill.why != Why.LOST && latest >= 0) {
      r.watermark = Math.max(r.watermark, latest);
      r.known = true;
      r.ownSaid.clear(); // all said before this reply was within latest, and passed over above
    }
    finish(room, r, steps);
    return steps;
  }

  /** A {@code lost <room> <first>-<last>} notice: that range is fetched and shown. */
  public List<Step> onLost(ServerLine lost) {
    String room = lost.field("room");
    Room r = rooms.get(room);
    String[] range = lost.field("range").split("-");
    long first = range.length == 2 ? seqOf(range[0]) : -1;
    long last = range.length == 2 ? seqOf(range[1]) : -1;
    if (!active || r == null || first < 1 || last < first) {
      return List.of(new Show(lost, Mark.LIVE));
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Notice("messages " + first + "-" + last + " of " + room
        + " did not reach you (the connection was too slow); fetching them", true));
    enqueue(room, r, new Fill(Why.LOST, first - 1, last, (int) Math.min(last - first + 1, historyMax), false), steps);
    return steps;
  }

  /**
   * The connection has ended: fills stop, held messages are dropped (the resume fetches them), and
   * each room's resume point goes back to where an unfinished fill had got to.
   */
  public void onConnectionLost() {
    for (Room r : rooms.values()) {
      for (Fill fill : r.fills) {
        if (fill.why != Why.JOIN) {
          r.watermark = Math.min(r.watermark, fill.cursor);
        }
      }
      r.fills.clear();
      r.held.clear();
      r.settled = false;
    }
    beforeCap.clear();
    capPending = false;
    active = false;
  }

  private void enqueue(String room, Room r, Fill fill, List<Step> steps) {
    r.fills.addLast(fill);
    if (r.fills.size() == 1) {
      steps.add(new Request(fill.request(room)));
    }
  }

  /** The fill at the head has ended: start the next, or release the held messages in order. */
  private void finish(String room, Room r, List<Step> steps) {
    r.fills.poll();
    r.settled = true;
    Fill next = r.fills.peek();
    if (next != null) {
      steps.add(new Request(next.request(room)));
      return;
    }
    for (Map.Entry<Long, ServerLine> held : r.held.entrySet()) {
      steps.addAll(showLive(r, held.getKey(), held.getValue()));
    }
    r.held.clear();
  }

  private static List<Step> showLive(Room r, long seq, ServerLine msg) {
    if (!r.seen.add(seq)) {
      return List.of();
    }
    r.watermark = Math.max(r.watermark, seq);
    return List.of(new Show(msg, Mark.LIVE));
  }

  /** {@code count=3 latest=42 lost=1-9} as a map. */
  private static Map<String, String> pairs(String result) {
    return Arrays.stream(result.split(" "))
        .filter(pair -> pair.indexOf('=') > 0)
        .collect(Collectors.toMap(pair -> pair.substring(0, pair.indexOf('=')), pair -> pair.substring(pair.indexOf('=') + 1),
            (a, b) -> b));
  }

  /** A non-negative number, or -1 when it is none. */
  private static long seqOf(String text) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(text);
  }

  private static int positive(String text, int otherwise) {
    long n = seqOf(text);
    return n > 0 && n <= Integer.MAX_VALUE ? (int) n : otherwise;
  }
}
