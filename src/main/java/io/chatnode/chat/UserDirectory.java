package io.chatnode.chat;

import io.chatnode.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;

/**
 * Nicknames and presence behind Vert.x shared data. With a cluster manager the same map is
 * cluster-wide, and {@code putIfAbsent} makes claiming a nickname atomic across nodes.
 */
public final class UserDirectory {

  private final AsyncMap<String, JsonObject> users;
  private final AsyncMap<String, JsonObject> held;
  private final AsyncMap<String, JsonObject> leaving;

  private UserDirectory(AsyncMap<String, JsonObject> users, AsyncMap<String, JsonObject> held,
      AsyncMap<String, JsonObject> leaving) {
    this.users = users;
    this.held = held;
    this.leaving = leaving;
  }

  public static Future<UserDirectory> open(Vertx vertx) {
    var data = vertx.sharedData();
    return data.<String, JsonObject>getAsyncMap(BusContract.USERS_MAP)
        .compose(users -> data.<String, JsonObject>getAsyncMap(BusContract.HELD_NAMES_MAP)
            .compose(held -> data.<String, JsonObject>getAsyncMap(BusContract.LEAVING_NODES_MAP)
                .map(leaving -> new UserDirectory(users, held, leaving))));
  }

  /** Marks a node as shutting down gracefully (see {@link BusContract#LEAVING_NODES_MAP}). */
  public Future<Void> markLeaving(String node) {
    return leaving.put(node, new JsonObject(), BusContract.LEAVING_MARK_MILLIS);
  }

  /** Whether a node said it was shutting down gracefully. */
  public Future<Boolean> isLeaving(String node) {
    return leaving.get(node).map(mark -> mark != null);
  }

  /**
   * Claims the record's nickname; true if it was free, false if someone holds it or it is held
   * back ({@link #holdBack}). The hold is written before its user's record is removed, so a claim
   * that misses the hold still meets the record.
   */
  public Future<Boolean> claim(UserRecord record) {
    String key = Names.key(record.nick());
    return held.get(key).compose(hold -> hold != null ? Future.succeededFuture(false) : claimRandom(record));
  }

  /** Claims a nickname nobody could have held before (a new random guest name): no hold to look at. */
  public Future<Boolean> claimRandom(UserRecord record) {
    return users.putIfAbsent(Names.key(record.nick()), record.toJson()).map(previous -> previous == null);
  }

  /** Holds the nickname of a departed node's user back from claims for {@code millis}. */
  public Future<Void> holdBack(String nick, long millis) {
    return held.put(Names.key(nick), new JsonObject(), millis);
  }

  /** Rewrites a record the caller owns (rooms or letter case changed). */
  public Future<Void> update(UserRecord record) {
    return users.put(Names.key(record.nick()), record.toJson());
  }

  /** Gives up a nickname the caller owns. */
  public Future<Void> release(String nick) {
    return users.remove(Names.key(nick)).mapEmpty();
  }

  /** The record of a nickname, or null. */
  public Future<UserRecord> find(String nick) {
    return users.get(Names.key(nick)).map(json -> json == null ? null : UserRecord.fromJson(json));
  }

  public Future<List<UserRecord>> all() {
    return users.values().map(values -> values.stream().map(UserRecord::fromJson).toList());
  }

  /** Every entry as stored, for sweeps that must remove exactly what they saw. */
  public Future<Map<String, JsonObject>> entries() {
    return users.entries();
  }

  /** Removes an entry only if it still holds {@code seen}; true if this call removed it. */
  public Future<Boolean> removeIfUnchanged(String key, JsonObject seen) {
    return users.removeIfPresent(key, seen);
  }

  public Future<Integer> size() {
    return users.size();
  }
}
