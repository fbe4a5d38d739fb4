package io.chatnode.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./chatnode} with no subcommand is a usage error: the help on stderr, exit 2. */
class MainTest {

  @Test
  void noSubcommandPrintsHelpAndExitsTwo() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, new CommandLine(new Main()).execute());
    } finally {
      System.setErr(saved);
    }
    String help = err.toString(StandardCharsets.UTF_8);
    assertTrue(help.startsWith("Usage: chatnode"), help);
    assertTrue(help.contains("node") && help.contains("client") && help.contains("passwd"), help);
    assertEquals(0, new CommandLine(new Main()).execute("--version"));
  }
}
