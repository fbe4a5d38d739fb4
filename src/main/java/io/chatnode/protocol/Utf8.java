package io.chatnode.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 decoding: malformed input is an error, never replaced. */
public final class Utf8 {

  private Utf8() {}

  /** The decoded text, or empty if the bytes are not valid UTF-8. */
  public static Optional<String> decode(byte[] bytes, int offset, int length) {
    if (isAscii(bytes, offset, length)) {
      // ASCII is the common case; Latin-1 decoding of ASCII bytes is exact and the cheapest path.
      return Optional.of(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
