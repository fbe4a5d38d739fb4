package io.chatnode.bridge;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * The frames waiting for a bridge client's socket to take them, bounded in bytes: a frame that
 * does not fit is dropped and counted, never queued, so a client that stops reading costs the node
 * at most the bound. Pure; one per connection, on its event loop.
 */
final class OutboundFrames {

  private final int maxBytes;
  private final ArrayDeque<Buffer> frames = new ArrayDeque<>();
  private long bytes;
  private long dropped;

  OutboundFrames(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Queues the frame if it fits in the bound; false (and one more drop) if it does not. */
  boolean offer(Buffer frame) {
    if (bytes + frame.length() > maxBytes) {
      dropped++;
      return false;
    }
    frames.add(frame);
    bytes += frame.length();
    return true;
  }

  /** The oldest frame, or null. */
  Buffer poll() {
    Buffer frame = frames.poll();
    if (frame != null) {
      bytes -= frame.length();
    }
    return frame;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  long bytes() {
    return bytes;
  }

  long dropped() {
    return dropped;
  }

  void clear() {
    frames.clear();
    bytes = 0;
  }
}
