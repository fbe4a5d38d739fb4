package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the client refuses at once (an empty -c) and what it never writes down (passwords). */
class ClientSafetyTest {

  @Test
  void anEmptyCommandIsRefusedAtOnceWithUsage() {
    assertNull(ClientCommand.commandProblem(null));
    assertNull(ClientCommand.commandProblem("ping"));
    assertTrue(ClientCommand.commandProblem("").startsWith("-c needs a protocol line"));
    assertTrue(ClientCommand.commandProblem("   ").startsWith("-c needs a protocol line"));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      // Port 1 is never a node: without the check this would try to connect instead.
      assertEquals(2, new CommandLine(new ClientCommand()).execute("127.0.0.1:1", "-c", " "));
    } finally {
      System.setErr(saved);
    }
    assertEquals("chatnode client: -c needs a protocol line, e.g. -c ping or -c 'echo hi' (chatnode client --help)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void historyOnJoiningDefaultsToTwentyAndANegativeCountIsRefused() {
    ClientCommand defaults = new ClientCommand();
    new CommandLine(defaults).parseArgs();
    assertEquals(20, defaults.joinHistory);
    ClientCommand none = new ClientCommand();
    new CommandLine(none).parseArgs("--history", "0");
    assertEquals(0, none.joinHistory);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, new CommandLine(new ClientCommand()).execute("127.0.0.1:1", "--history", "-1", "-c", "ping"));
    } finally {
      System.setErr(saved);
    }
    assertEquals("chatnode client: --history must be 0 or more, not -1\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void loginLinesAreSecretOthersAreNot() {
    assertTrue(PrivateHistory.isSecret("/raw auth alice pw"));
    assertTrue(PrivateHistory.isSecret("/raw   AUTH alice pw"));
    assertTrue(PrivateHistory.isSecret("auth alice pw"));
    assertFalse(PrivateHistory.isSecret("/raw echo auth alice pw"));
    assertFalse(PrivateHistory.isSecret("authors are here"));
    assertFalse(PrivateHistory.isSecret("/msg bob auth"));
  }

  @Test
  void theHistoryFileIsCreatedPrivateAndAnOldOneIsTightenedAndCleaned(@TempDir Path home) throws Exception {
    Path fresh = home.resolve("fresh");
    PrivateHistory.prepare(fresh);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

    Path old = home.resolve("old");
    Files.write(old, List.of("1733000000000:/raw auth alice s3cret", "1733000000001:hello", "/raw auth bob pw", "/who"));
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateHistory.prepare(old);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
    assertEquals(List.of("1733000000001:hello", "/who"), Files.readAllLines(old));
  }
}
