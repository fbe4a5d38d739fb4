package io.chatnode.protocol;

/**
 * The tag word that version 1.1 puts in front of {@code msg} and {@code dm} pushes for a
 * connection with the {@code tags} capability: {@code @seq=<n>;time=<ISO>} and
 * {@code @time=<ISO>}, followed by one space and the push as version 1 writes it. Pure.
 */
public final class Tags {

  private Tags() {}

  /** {@code @seq=42;time=2026-11-24T10:15:30.123Z msg <room> <from> <text>}. */
  public static String msg(long seq, long timeMillis, String pushLine) {
    return "@seq=" + seq + ";time=" + WireTime.format(timeMillis) + " " + pushLine;
  }

  /** {@code @time=2026-11-24T10:15:30.123Z dm <from> <text>}. */
  public static String dm(long timeMillis, String pushLine) {
    return "@time=" + WireTime.format(timeMillis) + " " + pushLine;
  }
}
