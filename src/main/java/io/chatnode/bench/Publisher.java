package io.chatnode.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Says fixed-size messages into the room (chatnode {@code say}, Redis {@code PUBLISH}) with at
 * most {@code window} unacknowledged (see {@link PipelinedConn}); each message carries this
 * publisher's index, its sequence number and its send time. With {@code tags} (chatnode), it is a
 * protocol 1.1 member like the subscribers, and its pushes carry the tag word too.
 */
final class Publisher extends PipelinedConn {

  private final String room;
  private final int index;
  private final int size;
  private final byte[] prefix;
  private final byte[] scratch;
  private final boolean tags;
  private int repliesToReady;

  /** chatnode only: the other publishers' messages, which the node pushes to this member too. */
  long pushesReceived;

  Publisher(Proto proto, String room, int index, int maxInFlight, long maxMessages, int size, Window window) {
    this(proto, room, index, maxInFlight, maxMessages, size, window, false);
  }

  Publisher(Proto proto, String room, int index, int maxInFlight, long maxMessages, int size, Window window,
      boolean tags) {
    super(proto, maxInFlight, maxMessages, window);
    this.tags = tags && proto == Proto.CHATNODE;
    this.repliesToReady = this.tags ? 2 : 1;
    this.room = room;
    this.index = index;
    this.size = size;
    this.prefix = proto.publishPrefix(room, size);
    byte[] suffix = proto.publishSuffix();
    this.scratch = new byte[prefix.length + size + suffix.length];
    System.arraycopy(prefix, 0, scratch, 0, prefix.length);
    System.arraycopy(suffix, 0, scratch, prefix.length + size, suffix.length);
  }

  @Override
  Buffer setup() {
    if (proto != Proto.CHATNODE) {
      return proto.probe();
    }
    return tags ? Proto.TAGS_ON.copy().appendBuffer(proto.subscribe(room)) : proto.subscribe(room);
  }

  @Override
  void onLine(byte[] l, int len) {
    boolean reply;
    boolean error;
    if (proto == Proto.CHATNODE) {
      reply = Proto.isChatReply(l, len);
      error = reply && Proto.isChatError(l, len);
      if (!reply && (Proto.startsWith(l, len, Proto.MSG) || tags && Proto.startsWith(l, len, Proto.SEQ_TAG))) {
        pushesReceived++;
      }
    } else {
      reply = len > 0 && (l[0] == ':' || l[0] == '+' || l[0] == '-');
      error = reply && l[0] == '-';
    }
    if (!reply) {
      return;
    }
    if (!ready.future().isComplete()) {
      if (error) {
        ready.tryFail(new String(l, 0, len, StandardCharsets.UTF_8));
      } else if (--repliesToReady == 0) {
        ready.tryComplete();
      }
      return;
    }
    answer(error);
  }

  @Override
  int requestBytes() {
    return scratch.length;
  }

  @Override
  void appendRequest(Buffer out, long now) {
    Payload.write(scratch, prefix.length, size, index, sent, now);
    out.appendBytes(scratch);
  }
}
