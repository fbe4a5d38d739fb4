package io.chatnode.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * Where {@code chatnode passwd} asks for a password, not echoed. The terminal is asked even when
 * standard output goes to a file ({@code passwd alice >> conf/users}): the JVM's console when it
 * has one, otherwise the process's controlling terminal, {@code /dev/tty}, as {@code passwd(1)} and
 * {@code ssh} do. Without either there is no one to ask.
 */
interface PasswordPrompt {

  /** The controlling terminal of the process on Unix-like systems. */
  File TTY = new File("/dev/tty");

  /** Shows {@code prompt} on the terminal and reads a line without echoing it; null at end of input. */
  char[] readHidden(String prompt) throws IOException;

  /** Which terminal to ask on. */
  enum Kind { CONSOLE, TTY, NONE }

  /**
   * The JVM's console exists only when stdin and stdout are both a terminal (Java 17-21); with
   * stdout redirected, the controlling terminal is still there to ask on.
   */
  static Kind choose(boolean hasConsole, boolean ttyUsable) {
    return hasConsole ? Kind.CONSOLE : ttyUsable ? Kind.TTY : Kind.NONE;
  }

  /** The prompt for this process, or null if it has no terminal. */
  static PasswordPrompt forThisProcess() {
    Console console = System.console();
    boolean ttyUsable = console == null && TTY.canRead() && TTY.canWrite() && Tty.opens();
    return switch (choose(console != null, ttyUsable)) {
      case CONSOLE -> console::readPassword;
      case TTY -> Tty::readHidden;
      case NONE -> null;
    };
  }

  /** The controlling terminal, echo turned off with {@code stty} while a password is typed. */
  final class Tty {

    private Tty() {}

    /** /dev/tty exists as a file even without a controlling terminal; only opening it tells. */
    static boolean opens() {
      try (FileInputStream in = new FileInputStream(TTY)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    static char[] readHidden(String prompt) throws IOException {
      Charset charset = Charset.defaultCharset();
      try (Reader in = new InputStreamReader(new FileInputStream(TTY), charset);
          Writer out = new OutputStreamWriter(new FileOutputStream(TTY), charset)) {
        return readHidden(prompt, in, out, new Stty());
      }
    }

    /** Reads one line from {@code in} with echo off, then moves {@code out} to the next line. */
    static char[] readHidden(String prompt, Reader in, Writer out, Echo echo) throws IOException {
      out.write(prompt);
      out.flush();
      echo.off();
      try {
        String line = new BufferedReader(in, 1).readLine();
        return line == null ? null : line.toCharArray();
      } finally {
        echo.on();
        out.write(System.lineSeparator()); // the Enter typed was not echoed either
        out.flush();
      }
    }
  }

  /** Turns the terminal's echo off and back on. */
  interface Echo {
    void off() throws IOException;

    void on() throws IOException;
  }

  /**
   * Echo through {@code stty} on the controlling terminal, restored on the way out even when the
   * user presses Ctrl-C at the prompt.
   */
  final class Stty implements Echo {
    private String saved;
    private Thread restoreOnExit;

    @Override
    public void off() throws IOException {
      saved = stty("-g").strip();
      restoreOnExit = new Thread(this::restoreQuietly, "chatnode-passwd-echo");
      Runtime.getRuntime().addShutdownHook(restoreOnExit);
      stty("-echo");
    }

    @Override
    public void on() throws IOException {
      stty(saved == null || saved.isEmpty() ? "echo" : saved);
      if (restoreOnExit != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(restoreOnExit);
        } catch (IllegalStateException e) {
          // already shutting down: the hook restores the echo
        }
      }
    }

    private void restoreQuietly() {
      try {
        stty(saved == null || saved.isEmpty() ? "echo" : saved);
      } catch (IOException e) {
        // leaving anyway
      }
    }

    private static String stty(String argument) throws IOException {
      Process process = new ProcessBuilder("stty", argument).redirectInput(TTY)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        String output = new String(process.getInputStream().readAllBytes(), Charset.defaultCharset());
        if (process.waitFor() != 0) {
          throw new IOException("stty " + argument + " failed");
        }
        return output;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
