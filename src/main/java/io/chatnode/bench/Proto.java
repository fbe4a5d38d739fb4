package io.chatnode.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The two wire protocols the bench speaks: chatnode's line protocol and Redis's RESP. Both are
 * read line by line (a RESP bulk string that holds no CR or LF is a line of its own), so one
 * allocation-free line splitter serves both; this class encodes requests and classifies lines.
 */
enum Proto {
  CHATNODE, REDIS;

  private static final byte[] CRLF = {'\r', '\n'};

  String label() {
    return this == CHATNODE ? "chatnode" : "redis";
  }

  /** Join a room (chatnode) or SUBSCRIBE to a channel (Redis). */
  Buffer subscribe(String room) {
    return this == CHATNODE ? Buffer.buffer("join " + room + "\n") : resp("SUBSCRIBE", room);
  }

  /** A command whose single reply tells that the connection is usable. */
  Buffer probe() {
    return this == CHATNODE ? Buffer.buffer("ping\n") : resp("PING");
  }

  /** The bytes before a published payload; the payload follows, then {@link #publishSuffix()}. */
  byte[] publishPrefix(String room, int payloadSize) {
    String head = this == CHATNODE
        ? "say " + room + " "
        : "*3\r\n$7\r\nPUBLISH\r\n$" + room.length() + "\r\n" + room + "\r\n$" + payloadSize + "\r\n";
    return head.getBytes(StandardCharsets.US_ASCII);
  }

  byte[] publishSuffix() {
    return this == CHATNODE ? new byte[] {'\n'} : CRLF;
  }

  /** One complete echo request for {@code payload}. */
  byte[] echo(byte[] payload) {
    Buffer b = this == CHATNODE
        ? Buffer.buffer().appendString("echo ").appendBytes(payload).appendByte((byte) '\n')
        : Buffer.buffer().appendString("*2\r\n$4\r\nECHO\r\n$" + payload.length + "\r\n").appendBytes(payload).appendBytes(CRLF);
    return b.getBytes();
  }

  /** A RESP command: an array of bulk strings. */
  static Buffer resp(String... words) {
    Buffer b = Buffer.buffer().appendString("*" + words.length + "\r\n");
    for (String w : words) {
      byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
      b.appendString("$" + bytes.length + "\r\n").appendBytes(bytes).appendBytes(CRLF);
    }
    return b;
  }

  // ---- line classification (the line excludes its LF and a CR before it) --------------------

  /** chatnode: {@code ok}, {@code ok ...} or {@code err ...}; pushes never start so. */
  static boolean isChatReply(byte[] l, int len) {
    return (len >= 2 && l[0] == 'o' && l[1] == 'k' && (len == 2 || l[2] == ' '))
        || (len >= 4 && l[0] == 'e' && l[1] == 'r' && l[2] == 'r' && l[3] == ' ');
  }

  static boolean isChatError(byte[] l, int len) {
    return len >= 4 && l[0] == 'e';
  }

  static boolean startsWith(byte[] l, int len, byte[] prefix) {
    if (len < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (l[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static final byte[] MSG = "msg ".getBytes(StandardCharsets.US_ASCII);
  static final byte[] HELLO = "hello ".getBytes(StandardCharsets.US_ASCII);
  static final byte[] BYE = "bye ".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] IDLE_S = " idle_s=".getBytes(StandardCharsets.US_ASCII);

  /** The {@code idle_s=N} a {@code hello} line advertises (the node's idle timeout), or -1. */
  static long helloIdleSeconds(byte[] l, int len) {
    if (!startsWith(l, len, HELLO)) {
      return -1;
    }
    String line = new String(l, 0, len, StandardCharsets.US_ASCII);
    int at = line.indexOf(new String(IDLE_S, StandardCharsets.US_ASCII));
    if (at < 0) {
      return -1;
    }
    int from = at + IDLE_S.length;
    int to = from;
    while (to < line.length() && Character.isDigit(line.charAt(to))) {
      to++;
    }
    return to == from ? -1 : Long.parseLong(line.substring(from, to));
  }

  /** Offset of the text in {@code msg <room> <from> <text>}, or -1. */
  static int chatMessageText(byte[] l, int len) {
    return chatMessageText(l, 0, len);
  }

  /** Offset of the text in {@code msg <room> <from> <text>} starting at {@code at}, or -1. */
  static int chatMessageText(byte[] l, int at, int len) {
    return textAfterWords(l, at, len, MSG, 3);
  }

  /** Offset of the text in {@code hist <room> <seq> <time> <from> <text>}, or -1. */
  static int historyText(byte[] l, int len) {
    return textAfterWords(l, 0, len, HIST, 5);
  }

  private static int textAfterWords(byte[] l, int at, int len, byte[] first, int words) {
    if (len - at < first.length) {
      return -1;
    }
    for (int i = 0; i < first.length; i++) {
      if (l[at + i] != first[i]) {
        return -1;
      }
    }
    int spaces = 0;
    for (int i = at; i < len; i++) {
      if (l[i] == ' ' && ++spaces == words) {
        return i + 1;
      }
    }
    return -1;
  }

  // ---- protocol 1.1 ---------------------------------------------------------------------------

  /** Turns on {@code tags}; answered {@code ok tags} (or {@code ok history tags}). */
  static final Buffer TAGS_ON = Buffer.buffer("cap tags\n");

  static final byte[] SEQ_TAG = "@seq=".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TIME_TAG = ";time=".getBytes(StandardCharsets.US_ASCII);
  static final byte[] HIST = "hist ".getBytes(StandardCharsets.US_ASCII);
  static final byte[] LOST = "lost ".getBytes(StandardCharsets.US_ASCII);

  /**
   * The tag word of a {@code tags} push, {@code @seq=<n>;time=<ISO> msg ...}: puts {@code n} into
   * {@code seq[0]} and returns the offset of the push after the tag word; -1 if the line carries
   * no {@code @seq=..;time=..} tag word (the time is checked to be there, not parsed).
   */
  static int seqTag(byte[] l, int len, long[] seq) {
    if (!startsWith(l, len, SEQ_TAG)) {
      return -1;
    }
    int p = SEQ_TAG.length;
    long v = 0;
    int digits = p;
    while (p < len && l[p] >= '0' && l[p] <= '9') {
      v = v * 10 + (l[p++] - '0');
    }
    if (p == digits || len - p < TIME_TAG.length) {
      return -1;
    }
    for (int i = 0; i < TIME_TAG.length; i++) {
      if (l[p + i] != TIME_TAG[i]) {
        return -1;
      }
    }
    p += TIME_TAG.length;
    int timeStart = p;
    while (p < len && l[p] != ' ') {
      p++;
    }
    if (p == timeStart || p >= len) {
      return -1;
    }
    seq[0] = v;
    return p + 1;
  }

  /** The third word of {@code hist <room> <seq> ...} as a number, or -1. */
  static long historySeq(byte[] l, int len) {
    if (!startsWith(l, len, HIST)) {
      return -1;
    }
    int p = HIST.length;
    while (p < len && l[p] != ' ') {
      p++;
    }
    p++;
    long v = 0;
    int start = p;
    while (p < len && l[p] >= '0' && l[p] <= '9') {
      v = v * 10 + (l[p++] - '0');
    }
    return p == start || p >= len || l[p] != ' ' ? -1 : v;
  }

  /** A number after {@code key} (e.g. {@code " latest="}) in a line, or -1 if it is not there. */
  static long numberAfter(String line, String key) {
    int at = line.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int from = at + key.length();
    int to = from;
    while (to < line.length() && Character.isDigit(line.charAt(to))) {
      to++;
    }
    return to == from ? -1 : Long.parseLong(line.substring(from, to));
  }
}
