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

  @Test
  void theCommonPoolIsGivenAtLeastTwoThreadsUnlessTheOperatorSetsIt() {
    String saved = System.getProperty(Main.COMMON_POOL_PARALLELISM);
    try {
      System.clearProperty(Main.COMMON_POOL_PARALLELISM);
      Main.keepCommonPoolThreads();
      int set = Integer.parseInt(System.getProperty(Main.COMMON_POOL_PARALLELISM));
      assertTrue(set >= 2 && set >= Runtime.getRuntime().availableProcessors() - 1, "parallelism " + set);
      System.setProperty(Main.COMMON_POOL_PARALLELISM, "7");
      Main.keepCommonPoolThreads();
      assertEquals("7", System.getProperty(Main.COMMON_POOL_PARALLELISM), "the operator's setting wins");
    } finally {
      if (saved == null) {
        System.clearProperty(Main.COMMON_POOL_PARALLELISM);
      } else {
        System.setProperty(Main.COMMON_POOL_PARALLELISM, saved);
      }
    }
  }
}
