package io.chatnode.bridge;

import io.chatnode.chat.BusContract;

/**
 * The addresses a bridge client uses beside the event bus's own (docs/POLYGLOT.md). The
 * {@code chatnode.bot.*} and login addresses are served by the bridge itself, never put on the
 * event bus: a bot's chat goes through its own chat session, like a line client's.
 */
public final class BridgeAddresses {

  private BridgeAddresses() {}

  /** Send with a reply address, before anything else: {@code {"user":..,"password":..}}; reply {@code {"user":..}}. */
  public static final String LOGIN = "chatnode.bridge.login";

  /** Send: {@code {"room":..}}; the bot joins the room (as {@code join}); reply {@code {"ok":"<room>"}}. */
  public static final String JOIN = "chatnode.bot.join";

  /** Send: {@code {"room":..}}; the bot leaves the room. */
  public static final String LEAVE = "chatnode.bot.leave";

  /**
   * Send: {@code {"room":..,"text":..}}; the bot says the text in the room, under its own name,
   * with flood control, exactly as {@code say}; reply {@code {"ok":""}} once it is delivered.
   */
  public static final String SAY = "chatnode.bot.say";

  /** Prefix of the addresses above that the bridge serves itself. */
  static final String BOT_PREFIX = "chatnode.bot.";

  /** Body fields. */
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String ROOM = "room";
  static final String TEXT = "text";
  static final String OK = "ok";

  /**
   * Addresses no bridge client may send or publish to, whatever the rules say: writing to them
   * would speak in rooms or to users without the chat rules (name, membership, flood control).
   */
  static boolean isChatInternal(String address) {
    return address.equals(BusContract.ROOMS) || address.equals(BusContract.PRESENCE)
        || address.equals(BusContract.MESSAGES) || address.equals(BusContract.SAY)
        || address.startsWith(BusContract.ROOM_MESSAGES_PREFIX)
        || address.startsWith(BusContract.INBOX_PREFIX) || address.startsWith("chatnode.bridge.");
  }
}
