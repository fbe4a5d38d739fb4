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
    if (!startsWith(l, len, MSG)) {
      return -1;
    }
    int spaces = 0;
    for (int i = 0; i < len; i++) {
      if (l[i] == ' ' && ++spaces == 3) {
        return i + 1;
      }
    }
    return -1;
  }
}
