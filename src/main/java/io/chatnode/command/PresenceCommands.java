package io.chatnode.command;

import io.chatnode.chat.PresenceQueries;
import io.chatnode.chat.UserDirectory;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;

/** {@code who} and {@code rooms}: read-only questions about the whole cluster's presence. */
final class PresenceCommands {

  private final UserDirectory directory;

  PresenceCommands(UserDirectory directory) {
    this.directory = directory;
  }

  Future<String> who(Command.Who who) {
    return directory.all().map(users -> Replies.ok(PresenceQueries.who(users, who.room())));
  }

  Future<String> rooms() {
    return directory.all().map(users -> Replies.ok(PresenceQueries.rooms(users)));
  }
}
