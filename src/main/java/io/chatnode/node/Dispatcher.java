package io.chatnode.node;

import io.chatnode.protocol.Capabilities;
import io.chatnode.protocol.Capabilities.Cap;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.CommandParser;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Parsed;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Utf8;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A connection's requests, from a decoded line to its reply: parses it, holds it behind the login
 * guard if it must wait, routes it to its lane (answered here, batched to the workers, or queued in
 * the chat lane) and gives the one dispatch ({@link #answer}) that every lane uses. Each request
 * takes its reply slot as it arrives, so replies go out in request order whatever completes first.
 */
final class Dispatcher {

  private final LoopContext loop;
  private final UnaryOperator<Set<Cap>> capabilities;
  private final ReplyQueue replies;
  private final ChatLane chat;
  private final ChatSession session;
  /** Made when the first worker line comes: many connections never send one. */
  private WorkerBatch workers;
  /** Null when the node asks for no login. */
  private final Login login;
  /** Made at the first say or msg: a bucket made at open would be full by then all the same. */
  private TokenBucket chatBucket;

  /**
   * @param capabilities turns capabilities on for the connection ({@code cap}); gives every one now on
   */
  Dispatcher(LoopContext loop, ReplyQueue replies, ChatLane chat, ChatSession session, Login login,
      UnaryOperator<Set<Cap>> capabilities) {
    this.capabilities = capabilities;
    this.loop = loop;
    this.replies = replies;
    this.chat = chat;
    this.session = session;
    this.login = login;
  }

  /**
   * One framed line: decoded as strict UTF-8 (else {@code err bad_encoding}), then accepted.
   *
   * @return true for {@code quit}: its {@code ok bye} is the last reply, then the connection closes
   */
  boolean accept(byte[] bytes, int offset, int length) {
    Optional<String> decoded = Utf8.decode(bytes, offset, length);
    if (decoded.isEmpty()) {
      replies.add(Replies.err(ErrorCode.BAD_ENCODING, "line is not valid UTF-8"));
      return false;
    }
    return accept(decoded.get());
  }

  /** A line over {@code maxLineBytes}, which the transport's framing has already discarded. */
  void tooLong() {
    replies.add(Replies.err(ErrorCode.LINE_TOO_LONG,
        "line longer than " + loop.limits().maxLineBytes() + " bytes; discarded"));
  }

  /**
   * One decoded request line.
   *
   * @return true for {@code quit}: its {@code ok bye} is the last reply, then the connection closes
   */
  boolean accept(String line) {
    Parsed parsed = CommandParser.parse(line);
    if (parsed instanceof Parsed.Blank) {
      return false; // only spaces: an empty line
    }
    CommandWord word = parsed instanceof Command command ? command.word() : ((Parsed.Refused) parsed).word();
    replies.tag(word == null ? "unknown" : word.wireName());
    if (word == null) {
      replies.add(((Parsed.Refused) parsed).reply());
    } else if (login != null && login.mustWait(word)) {
      // Through the chat lane, so that requests pipelined behind an auth see its outcome.
      chat.add(replies.reserve(), () -> !login.authenticated() ? Future.succeededFuture(Login.required())
          : rateLimitedOr(word, () -> answer(parsed, line)));
    } else {
      route(parsed, word, line);
    }
    return word == CommandWord.QUIT;
  }

  /**
   * The end of a read: the worker lines of this read go out as one request, and the chat lane
   * runs what came in.
   */
  void readComplete(Function<Throwable, String> failureReply, Runnable whenAnswered) {
    if (workers != null) {
      workers.send(replies, failureReply, whenAnswered);
    }
    chat.run();
  }

  /**
   * Takes a request to its lane: connection commands are answered now, the worker lines of this
   * read are batched, chat commands queue up in the chat lane.
   */
  private void route(Parsed parsed, CommandWord word, String line) {
    switch (word.lane()) {
      case CONNECTION -> {
        String reply = answer(parsed, line).result();
        if (word == CommandWord.QUIT) {
          replies.addFinal(reply);
        } else {
          replies.add(reply);
        }
      }
      case WORKER -> {
        if (parsed instanceof Parsed.Refused refused) {
          replies.add(refused.reply());
        } else {
          workers().add(line, replies.reserve());
        }
      }
      case CHAT -> {
        String limited = rateLimited(word);
        if (limited != null) {
          replies.add(limited);
        } else {
          chat.add(replies.reserve(), () -> answer(parsed, line), ChatSession.holdsLane(word));
        }
      }
    }
  }

  /**
   * The one dispatch: the reply to a request, whichever lane runs it. Connection commands
   * complete at once; worker commands asked one by one here are those that waited for a login.
   */
  private Future<String> answer(Parsed parsed, String line) {
    if (parsed instanceof Parsed.Refused refused) {
      boolean auth = refused.word() == CommandWord.AUTH;
      return Future.succeededFuture(!auth ? refused.reply() : login == null ? Login.NOT_ENABLED : login.refused(refused.reply()));
    }
    Command command = (Command) parsed;
    return switch (command.word()) {
      case HELP -> Future.succeededFuture(Replies.ok(CommandWord.listing()));
      case PING -> Future.succeededFuture(Replies.ok(pong((Command.Ping) command)));
      case QUIT -> Future.succeededFuture(Replies.ok("bye"));
      case GET_TIME, ECHO, CALCULATE_SUM, WHO, ROOMS -> workers().askOne(line);
      case NICK -> session.nick(((Command.Nick) command).name());
      case JOIN -> session.join(((Command.Join) command).room());
      case LEAVE -> session.leave(((Command.Leave) command).room());
      case SAY -> say((Command.Say) command);
      case MSG -> msg((Command.Msg) command);
      case STATS -> NodeFacts.stats(loop);
      case AUTH -> login == null ? Future.succeededFuture(Login.NOT_ENABLED) : login.auth((Command.Auth) command);
      case CAP -> Future.succeededFuture(cap((Command.Cap) command));
      case HISTORY -> session.history(((Command.History) command).request());
    };
  }

  private WorkerBatch workers() {
    if (workers == null) {
      workers = new WorkerBatch(loop.vertx().eventBus(), loop.limits().requestTimeoutMs());
    }
    return workers;
  }

  /** The user a client certificate logs in, if the node takes certificate logins; else null. */
  String certificateUser(Transport transport) {
    return login == null ? null : login.certificateUser(transport);
  }

  private Future<String> say(Command.Say say) {
    return session.say(say.room(), say.text());
  }

  private Future<String> msg(Command.Msg msg) {
    return session.msg(msg.nick(), msg.text());
  }

  /** Turns on what was asked if this node offers all of it; else refuses it all. */
  private String cap(Command.Cap cap) {
    Set<Cap> offered = NodeFacts.offeredCaps(loop);
    for (Cap asked : cap.caps()) {
      if (!offered.contains(asked)) {
        return ((Capabilities.Invalid) Capabilities.parse(List.of(asked.wireName()), offered)).errorLine();
      }
    }
    return Capabilities.reply(capabilities.apply(cap.caps()));
  }

  private static String pong(Command.Ping ping) {
    return ping.token().isEmpty() ? "pong" : "pong " + ping.token();
  }

  private Future<String> rateLimitedOr(CommandWord word, Supplier<Future<String>> action) {
    String limited = rateLimited(word);
    return limited != null ? Future.succeededFuture(limited) : action.get();
  }

  /** The flood-control reply if this chat line must wait, else null. */
  private String rateLimited(CommandWord word) {
    if (word == CommandWord.SAY || word == CommandWord.MSG) {
      if (chatBucket == null) {
        chatBucket = new TokenBucket(loop.limits().chatRate(), loop.limits().chatBurst(), System.nanoTime());
      }
      long waitNanos = chatBucket.tryTake(System.nanoTime());
      if (waitNanos > 0) {
        long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
        return Replies.rateLimited(retryMs, "at most " + loop.limits().chatRate()
            + " chat lines per second, " + loop.limits().chatBurst() + " at once");
      }
    }
    return null;
  }
}
