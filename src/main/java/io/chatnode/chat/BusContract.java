package io.chatnode.chat;

/**
 * The event bus addresses, shared-data names and JSON field names chatnode uses. They are a
 * public interface (docs/PROTOCOL.md, "Event bus"): verticles in any JVM language may send to or
 * listen on them. Change them only together with that document.
 */
public final class BusContract {

  private BusContract() {}

  /**
   * Local, request/reply, served by the command worker verticles. Body {@code {"lines":[..]}}:
   * request lines as a client sends them; reply {@code {"replies":[..]}}: one reply line each, in
   * the same order. One message carries a whole batch of pipelined lines.
   */
  public static final String COMMANDS = "chatnode.commands";

  /**
   * Publish, cluster-wide: {@link RoomEvent}s ({@code joined}, {@code left}) of every room; the body
   * names the room. Every event loop of every node subscribes once, when it starts, and fans an
   * event out to its own members of that room. Room messages travel as {@link RoomMessage}s on
   * {@link #ROOM_MESSAGES_PREFIX} instead; a {@code msg} published here by a verticle is unnumbered
   * and reaches members without {@code tags} only. One address for all rooms, rather than one per room, because Vert.x learns of
   * other nodes' subscriptions asynchronously: a per-room subscription made when a user joins
   * could miss messages sent from another node a few milliseconds later.
   */
  public static final String ROOMS = "chatnode.rooms";

  /**
   * Send, cluster-wide: {@code chatnode.room.<node>} takes the numbered {@link RoomMessage}s of
   * the rooms that node has members in (protocol 1.1). The sender's node numbers a message with
   * the history store, which also says which nodes have members in the room at that instant, and
   * sends it to exactly those; each node's one consumer releases every room's messages in
   * {@code seq} order to its event loops. Nodes without members in a room receive none of it.
   */
  public static final String ROOM_MESSAGES_PREFIX = "chatnode.room.";

  /**
   * Publish, local to each node: {@code chatnode.messages} carries the numbered {@link RoomMessage}s
   * of the rooms this node has members in, in {@code seq} order, as its consumer of
   * {@code chatnode.room.<node>} releases them. For observers on the node (a verticle, the bridge's
   * clients); no node code consumes it, and nodes without members in a room publish nothing of it.
   */
  public static final String MESSAGES = "chatnode.messages";

  /**
   * Local request/reply on every node: {@code {"room":..,"nick":..,"text":..}} says something in a
   * room as {@code nick} (a verticle's announcement), numbered and delivered like a member's
   * {@code say}; the reply is {@code {"seq":..}}.
   */
  public static final String SAY = "chatnode.say";

  /** Publish, cluster-wide: {@link RenameEvent}s, for every node's members of the rooms named. */
  public static final String PRESENCE = "chatnode.presence";

  /**
   * Request/reply, cluster-wide: {@code chatnode.inbox.<node>.<loop>} takes {@link DirectMessage}s
   * for the connections one event loop of one node serves; the reply is empty on delivery, a
   * failure {@code 404} when the connection is gone.
   */
  public static final String INBOX_PREFIX = "chatnode.inbox.";

  /** Shared async map: lower-case nickname to {@link UserRecord}, one entry per connection. */
  public static final String USERS_MAP = "chatnode.users";

  /**
   * Shared async map: lower-case nickname of a user whose node left the cluster, held back from
   * new claims for a while (entries expire): the departed node may only be cut off, and its user
   * still connected until that node sees it is in a minority and gives the name up.
   */
  public static final String HELD_NAMES_MAP = "chatnode.users.held";

  /**
   * Shared async map: id of a node that is shutting down gracefully (entries expire). Its users'
   * nicknames are freed at once when it has gone: it was not cut off.
   */
  public static final String LEAVING_NODES_MAP = "chatnode.nodes.leaving";

  /** How long a leaving node stays marked: longer than any graceful shutdown. */
  public static final long LEAVING_MARK_MILLIS = 10 * 60_000;

  /**
   * Header of a {@code msg} {@link RoomEvent} published by a {@code say}: a token, unique in the
   * cluster, by which the sender's node learns that each of its event loops has handed the message
   * to its members (then the sender gets {@code ok}). Other nodes ignore it; publishers from
   * other JVMs need not set it.
   */
  public static final String HANDOFF_HEADER = "chatnode-handoff";

  /** Failure code of an inbox request whose connection is not there. */
  public static final int NO_SUCH_CONNECTION = 404;

  public static String roomMessages(String nodeId) {
    return ROOM_MESSAGES_PREFIX + nodeId;
  }

  public static String inbox(String nodeId, int loop) {
    return INBOX_PREFIX + nodeId + "." + loop;
  }

  /** JSON field names of the message bodies. */
  public static final class Fields {
    private Fields() {}

    public static final String LINES = "lines";
    public static final String REPLIES = "replies";
    public static final String TYPE = "type";
    public static final String ROOM = "room";
    public static final String ROOMS = "rooms";
    public static final String NICK = "nick";
    public static final String OLD_NICK = "old";
    public static final String NEW_NICK = "new";
    public static final String TEXT = "text";
    public static final String CONN = "conn";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String NODE = "node";
    public static final String INBOX = "inbox";
    public static final String SEQ = "seq";
    public static final String PREV = "prev";
    public static final String TIME = "time";
    public static final String HANDOFF = "handoff";
  }

  /** Values of {@link Fields#TYPE} in {@link RoomEvent}s. */
  public static final class RoomEventTypes {
    private RoomEventTypes() {}

    public static final String MSG = "msg";
    public static final String JOINED = "joined";
    public static final String LEFT = "left";
  }
}
