package io.chatnode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.auth.PasswordHash;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The example bots of examples/python and examples/node, run as they are documented, against a
 * real node: each must answer !time and !sum, and greet a newcomer, in its room, under its name.
 * Documentation that runs, so it cannot rot unseen.
 */
@ExtendWith(VertxExtension.class)
class ExamplesTest {

  private static final String PASSWORD = "example secret";

  @TempDir
  static Path dir;
  static Path usersFile;

  @BeforeAll
  static void users() throws IOException {
    usersFile = dir.resolve("users");
    String hash = PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    Files.write(usersFile, List.of("py-bridge-bot:" + hash, "js-bridge-bot:" + hash));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "python3, examples/python/line_bot.py, py-line-bot, line",
      "python3, examples/python/bridge_bot.py, py-bridge-bot, bridge",
      "node, examples/node/line_bot.js, js-line-bot, line",
      "node, examples/node/bridge_bot.js, js-bridge-bot, bridge"})
  void theExampleBotAnswersAndGreetsInItsRoom(String interpreter, String script, String name, String way, Vertx vertx)
      throws Exception {
    requireInterpreter(interpreter);
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("auth.usersFile", usersFile.toString())
        .put("bridge.enabled", true).put("bridge.port", 0).put("bridge.users", "py-bridge-bot,js-bridge-bot")
        .put("bridge.consume", "chatnode.rooms,chatnode.messages").put("bridge.send", "chatnode.commands,chatnode.bot.*"));
    String room = "room-" + name;
    LineClient alice = LineClient.connect(vertx, node.port());
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("ok " + room, alice.call("join " + room));

    int port = way.equals("bridge") ? node.bridgePort() : node.port();
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(interpreter, script, "--port", String.valueOf(port), "--room", room,
        "--name", name).redirectErrorStream(true).redirectOutput(log.toFile());
    if (way.equals("bridge")) {
      builder.environment().put("BOT_PASSWORD", PASSWORD);
    }
    Process bot = builder.start();
    try {
      assertEquals("joined " + room + " " + name, alice.pushMatching(p -> p.startsWith("joined " + room + " ")), output(log));
      assertEquals("ok", alice.call("say " + room + " !time"));
      String time = alice.pushMatching(p -> p.startsWith("msg " + room + " "));
      assertTrue(time.matches("msg " + room + " " + name + " time: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"), time);
      assertEquals("ok", alice.call("say " + room + " !sum 1 2 3"));
      assertEquals("msg " + room + " " + name + " sum: 6", alice.pushMatching(p -> p.startsWith("msg " + room + " ")));

      LineClient carol = LineClient.connect(vertx, node.port());
      assertEquals("ok carol", carol.call("nick carol"));
      assertEquals("ok " + room, carol.call("join " + room));
      assertEquals("msg " + room + " " + name + " welcome, carol!", alice.pushMatching(p -> p.startsWith("msg " + room + " ")));
      assertTrue(bot.isAlive(), output(log));
    } finally {
      bot.destroy();
      bot.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Skips, loudly, only when the interpreter is not installed at all. */
  private static void requireInterpreter(String interpreter) {
    boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, interpreter)));
    if (!found) {
      System.err.println("WARNING: " + interpreter + " is not installed: the " + interpreter
          + " examples are NOT tested");
    }
    Assumptions.assumeTrue(found, interpreter + " is not installed: its examples are not tested");
  }

  private static String output(Path log) throws IOException {
    return "bot output:\n" + (Files.exists(log) ? Files.readString(log) : "(none)");
  }
}
