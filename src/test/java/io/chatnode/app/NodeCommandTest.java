package io.chatnode.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatnode.config.ConfigLoader;
import io.chatnode.config.NodeConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chatnode node --port 6264 --http-port 8081 --web-port 6281}: the options are the top layer. */
class NodeCommandTest {

  @Test
  void portOptionsBecomeTheirKeys() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs("--port", "6264", "--http-port", "8081", "--web-port", "6281");
    NodeConfig config = NodeConfig.from(ConfigLoader.defaults().mergeIn(command.commandLineKeys(), true));
    assertEquals(6264, config.port());
    assertEquals(8081, config.httpPort());
    assertEquals(6281, config.web().port());
  }

  @Test
  void noOptionsNoKeys() {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs();
    assertEquals(new JsonObject(), command.commandLineKeys());
  }
}
