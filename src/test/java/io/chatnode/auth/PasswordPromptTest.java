package io.chatnode.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.chatnode.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatnode passwd alice >> conf/users}: with stdout redirected the JVM has no console, and
 * the password is asked on the controlling terminal instead, not echoed; and a node whose login
 * has no users says so loudly.
 */
class PasswordPromptTest {

  @Test
  void asksOnTheControllingTerminalWhenThereIsNoConsole() {
    assertEquals(PasswordPrompt.Kind.CONSOLE, PasswordPrompt.choose(true, true));
    assertEquals(PasswordPrompt.Kind.CONSOLE, PasswordPrompt.choose(true, false));
    assertEquals(PasswordPrompt.Kind.TTY, PasswordPrompt.choose(false, true), "stdout redirected, a terminal still there");
    assertEquals(PasswordPrompt.Kind.NONE, PasswordPrompt.choose(false, false));
  }

  @Test
  void theTerminalPromptReadsALineWithEchoOffAndTurnsItBackOn() throws IOException {
    List<String> echo = new ArrayList<>();
    PasswordPrompt.Echo recorder = new PasswordPrompt.Echo() {
      @Override
      public void off() {
        echo.add("off");
      }

      @Override
      public void on() {
        echo.add("on");
      }
    };
    StringWriter shown = new StringWriter();
    char[] typed = PasswordPrompt.Tty.readHidden("Password: ", new StringReader("correct horse\nrest"), shown, recorder);
    assertArrayEquals("correct horse".toCharArray(), typed);
    assertEquals(List.of("off", "on"), echo);
    assertEquals("Password: " + System.lineSeparator(), shown.toString(), "the prompt, and the line break not echoed");
    echo.clear();
    assertNull(PasswordPrompt.Tty.readHidden("Again: ", new StringReader(""), new StringWriter(), recorder));
    assertEquals(List.of("off", "on"), echo, "echo comes back at end of input too");
  }

  @Test
  void passwdAsksTwiceAndRefusesADifferenceOrNoTerminal() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertArrayEquals("pw".toCharArray(), PasswdCommand.askTwice(answers("pw", "pw"), errStream));
    assertNull(PasswdCommand.askTwice(answers("pw", "pW"), errStream));
    assertNull(PasswdCommand.askTwice(null, errStream));
    assertEquals("chatnode passwd: the passwords differ\nchatnode passwd: no terminal to ask on; use --stdin\n",
        err.toString(StandardCharsets.UTF_8));
  }

  private static PasswordPrompt answers(String... lines) {
    Deque<String> left = new ArrayDeque<>(List.of(lines));
    return prompt -> left.isEmpty() ? null : left.poll().toCharArray();
  }

  @Test
  void loginWithNoUsersIsSaidLoudlyAtStartAndAtReload(@TempDir Path dir) throws IOException {
    Path users = dir.resolve("users");
    Files.writeString(users, "# no one yet\n");
    try (LogCapture log = LogCapture.of(LoginUsers.class)) {
      LoginUsers loaded = LoginUsers.load(users);
      assertEquals(0, loaded.current().size());
      List<String> warnings = log.messages(Level.WARN);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("NOBODY CAN LOG IN"), warnings.get(0));
      assertTrue(warnings.get(0).contains("./chatnode passwd USER >> " + users), warnings.get(0));

      Files.writeString(users, "alice:" + PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS) + "\n");
      assertTrue(loaded.reload(false));
      assertEquals(List.of("auth.usersFile reloaded: 1 user"), log.messages(Level.INFO));
      assertEquals(1, log.messages(Level.WARN).size(), "one user: no warning");

      Files.writeString(users, "");
      assertTrue(loaded.reload(false));
      assertEquals(2, log.messages(Level.WARN).size(), "emptied at reload: said again");
    }
  }
}
