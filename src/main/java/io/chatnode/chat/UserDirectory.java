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

  private UserDirectory(AsyncMap<String, JsonObject> users) {
    this.users = users;
  }

  public static Future<UserDirectory> open(Vertx vertx) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(BusContract.USERS_MAP).map(UserDirectory::new);
  }

  /** Claims the record's nickname; true if it was free, false if someone holds it. */
  public Future<Boolean> claim(UserRecord record) {
    return users.putIfAbsent(Names.key(record.nick()), record.toJson()).map(previous -> previous == null);
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
