package io.chatnode.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.chat.BusContract;
import io.chatnode.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The documents that users rely on name everything the code has. */
class DocsTest {

  @Test
  void configDocListsEveryKeyWithItsDefaultAndVariable() throws IOException {
    String doc = Files.readString(Path.of("docs/CONFIG.md"));
    Set<String> keys = new TreeSet<>();
    ConfigPaths.flatten(ConfigLoader.defaults(), "", keys);
    for (String key : keys) {
      Object value = ConfigPaths.get(ConfigLoader.defaults(), key);
      String row = "| `" + key + "` | `" + value + "` | `" + ConfigPaths.envName(key) + "` |";
      assertTrue(doc.contains(row), "docs/CONFIG.md needs the row " + row);
    }
  }

  @Test
  void protocolDocExplainsEveryErrorCodeAndAddress() throws IOException {
    String doc = Files.readString(Path.of("docs/PROTOCOL.md"));
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(doc.contains("| `" + code.wireName() + "` |"), "docs/PROTOCOL.md must explain " + code.wireName());
    }
    for (String address : new String[] {BusContract.COMMANDS, BusContract.ROOMS, BusContract.MESSAGES, BusContract.PRESENCE,
        BusContract.INBOX_PREFIX, BusContract.USERS_MAP, BusContract.ROOM_MESSAGES_PREFIX, BusContract.SAY}) {
      assertTrue(doc.contains(address), "docs/PROTOCOL.md must document " + address);
    }
  }
}
