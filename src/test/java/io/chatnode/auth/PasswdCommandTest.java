package io.chatnode.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chatnode passwd}: the line it prints is one the node accepts, and holds no password. */
class PasswdCommandTest {

  private static int run(String stdin, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      PasswdCommand command = CommandLine.populateCommand(new PasswdCommand(), args);
      return command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void printsAUsersFileLineThatVerifiesThePassword() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, run("correct horse\n", out, err, "--stdin", "--iterations", "10000", "alice"));
    String line = out.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("alice:pbkdf2-sha256:10000:"), line);
    assertFalse(line.contains("correct"));
    UserFile users = UserFile.parse(List.of(line), "users");
    assertNotNull(users.verify("alice", "correct horse".toCharArray()));
    assertEquals(null, users.verify("alice", "correct horse ".toCharArray()));
  }

  @Test
  void refusesABadUserNameAnEmptyPasswordAndTooFewIterations() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run("pw\n", new ByteArrayOutputStream(), err, "--stdin", "bad name"));
    assertEquals(2, run("\n", new ByteArrayOutputStream(), err, "--stdin", "alice"));
    assertEquals(2, run("pw\n", new ByteArrayOutputStream(), err, "--stdin", "--iterations", "9999", "alice"));
    assertEquals("chatnode passwd: user name must be 1 to 32 characters of A-Z a-z 0-9 _ -\n"
        + "chatnode passwd: the password is empty\n"
        + "chatnode passwd: --iterations must be at least 10000\n", err.toString(StandardCharsets.UTF_8));
  }
}
