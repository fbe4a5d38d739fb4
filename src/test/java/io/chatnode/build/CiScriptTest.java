package io.chatnode.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CI's entry point must never fail before the tests start. Its preamble once piped
 * {@code mvn -version} into {@code head} under {@code pipefail}, and the producer's SIGPIPE ended
 * about 4 runs in 10 before {@code mvn verify}. These tests run the preamble as CI does (output to
 * a file, {@code set -euo pipefail}) many times in a row and check the script still runs the
 * README's test command.
 */
class CiScriptTest {

  private static final Path SCRIPT = Path.of(".ci/run");
  private static final Pattern PREAMBLE =
      Pattern.compile("# --- preamble: start ---\n(.*)# --- preamble: end ---", Pattern.DOTALL);
  private static final int RUNS = 50;

  @Test
  void preamblePassesFiftyRunsInARow() throws IOException, InterruptedException {
    String preamble = preamble();
    Path out = Files.createTempFile("ci-preamble", ".out");
    try {
      for (int run = 1; run <= RUNS; run++) {
        Process p = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + preamble)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
        assertEquals(0, p.waitFor(), "run " + run + " of the preamble failed: " + Files.readString(out));
      }
      List<String> lines = Files.readAllLines(out);
      assertEquals(2, lines.size(), "one version line per tool: " + lines);
      assertTrue(lines.get(1).startsWith("Apache Maven"), lines.get(1));
      assertFalse(lines.get(1).contains("\u001b"), "no colour codes in the log: " + lines.get(1));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void scriptRunsTheReadmeTestCommandUnderPipefailWithNothingPipedIntoHead() throws IOException {
    String script = Files.readString(SCRIPT);
    assertTrue(script.contains("set -euo pipefail"), "the script stops at the first failure");
    assertTrue(script.lines().anyMatch(l -> l.equals("mvn -B verify")), "CI runs the README's test command");
    assertTrue(Files.readString(Path.of("README.md")).contains("mvn verify"), "README names the test command");
    assertFalse(Pattern.compile("\\|\\s*head\\b").matcher(script).find(),
        "a producer piped into head dies of SIGPIPE under pipefail");
  }

  private static String preamble() throws IOException {
    Matcher m = PREAMBLE.matcher(Files.readString(SCRIPT));
    assertTrue(m.find(), ".ci/run marks its preamble");
    return m.group(1);
  }
}
