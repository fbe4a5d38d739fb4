package io.chatnode.auth;

import io.chatnode.protocol.Names;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatnode passwd USER}: asks for a password and prints the line for the users file. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = {"Prints a users-file line (user:pbkdf2-sha256:...) for auth.usersFile.",
        "The password is asked for twice on the terminal (not echoed), or read as one line from "
            + "standard input with --stdin. It is never written anywhere but as a salted hash."})
public final class PasswdCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "USER", description = "User name (also the user's nickname).")
  String user;

  @Option(names = "--stdin", description = "Read the password as one line from standard input.")
  boolean stdin;

  @Option(names = "--iterations", paramLabel = "N",
      description = "PBKDF2 iterations (default ${DEFAULT-VALUE}); more is slower to check and to crack.")
  int iterations = PasswordHash.DEFAULT_ITERATIONS;

  @Override
  public Integer call() throws IOException {
    return run(System.out, System.err);
  }

  int run(PrintStream out, PrintStream err) throws IOException {
    if (!Names.isValid(user)) {
      err.println("chatnode passwd: user name must be " + Names.RULE);
      return 2;
    }
    if (iterations < PasswordHash.MIN_ITERATIONS) {
      err.println("chatnode passwd: --iterations must be at least " + PasswordHash.MIN_ITERATIONS);
      return 2;
    }
    char[] password = stdin ? readLine() : askTwice(err);
    if (password == null) {
      return 2;
    }
    if (password.length == 0) {
      err.println("chatnode passwd: the password is empty");
      return 2;
    }
    try {
      out.println(user + ":" + PasswordHash.create(password, iterations));
      return 0;
    } finally {
      PasswordHash.wipe(password);
    }
  }

  private char[] readLine() throws IOException {
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? new char[0] : line.toCharArray();
  }

  private static char[] askTwice(PrintStream err) {
    Console console = System.console();
    if (console == null) {
      err.println("chatnode passwd: no terminal to ask on; use --stdin");
      return null;
    }
    char[] first = console.readPassword("Password: ");
    char[] second = console.readPassword("Again: ");
    if (first == null || second == null || !Arrays.equals(first, second)) {
      err.println("chatnode passwd: the passwords differ");
      return null;
    }
    PasswordHash.wipe(second);
    return first;
  }
}
