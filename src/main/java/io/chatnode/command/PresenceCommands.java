package io.chatnode.command;

import io.chatnode.chat.PresenceQueries;
import io.chatnode.chat.UserDirectory;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Names;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Request;
import io.vertx.core.Future;
import java.util.List;

/** {@code who} and {@code rooms}: read-only questions about the whole cluster's presence. */
final class PresenceCommands {

  private final UserDirectory directory;

  PresenceCommands(UserDirectory directory) {
    this.directory = directory;
  }

  Future<String> who(Request request) {
    List<String> args = request.arguments();
    if (args.size() != 1) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "usage: who <room>"));
    }
    String room = args.get(0);
    if (!Names.isValid(room)) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_NAME,
          "room names are 1 to 32 characters of A-Z a-z 0-9 _ -"));
    }
    return directory.all().map(users -> Replies.ok(PresenceQueries.who(users, Names.key(room))));
  }

  Future<String> rooms(Request request) {
    if (!request.arguments().isEmpty()) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "rooms takes no arguments"));
    }
    return directory.all().map(users -> Replies.ok(PresenceQueries.rooms(users)));
  }
}
