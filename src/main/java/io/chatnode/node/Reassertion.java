package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.config.ReservedNames;
import io.chatnode.protocol.Pushes;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * What a live connection does after its node merged back into its cluster (a partition healed):
 * it is alive, so its record must be in the directory. The record is written again if it is the
 * connection's own or missing (the other side may have removed it, or its copies were lost with
 * the cut); if the other side handed the nickname to someone else meanwhile, theirs stands (it is
 * what the merged directory holds, the majority's claim) and this connection is renamed to a guest
 * nickname and told, as IRC does on a nick collision. Runs in the connection's chat lane.
 */
final class Reassertion {

  private final ChatSession session;
  private final LoopContext loop;
  private final LocalRooms.Member member;

  Reassertion(ChatSession session, LoopContext loop, LocalRooms.Member member) {
    this.session = session;
    this.loop = loop;
    this.member = member;
  }

  Future<Void> run() {
    String nick = session.nick();
    if (nick == null) {
      return Future.succeededFuture();
    }
    return loop.directory().find(nick).compose(found -> {
      if (found != null && found.conn().equals(member.id())) {
        // Restored by the merge itself; the majority had still removed it and told its rooms.
        return loop.directory().update(session.record()).compose(v -> announceReturn(nick));
      }
      if (found == null) {
        return loop.directory().claim(session.record()).compose(free -> free ? announceReturn(nick) : lostNickname());
      }
      return lostNickname();
    });
  }

  /**
   * This node has just found itself in a minority: the majority sees this user as gone and may
   * hand the nickname out, so it is given up now, and no two connected users ever hold it. The
   * user becomes a guest and is told; the name can be claimed again once the cluster re-forms.
   * Guest nicknames are random and kept.
   */
  Future<Void> yieldNickname() {
    String old = session.nick();
    if (old == null || old.startsWith(ReservedNames.GUEST_PREFIX)) {
      return Future.succeededFuture();
    }
    return session.claimGuest().compose(guest -> loop.directory().release(old).map(guest)).map(guest -> {
      member.push(Outbound.encodeLine(Pushes.renamed(old, guest)));
      member.push(Outbound.encodeLine(Pushes.info("this node is cut off from most of the cluster, where " + old
          + " may be given to someone else; you are " + guest + " until it re-forms")));
      bus().publish(BusContract.PRESENCE, new RenameEvent(old, guest, session.rooms(), member.id()).toJson());
      loop.metrics().nicknameYielded();
      return null;
    });
  }

  private EventBus bus() {
    return loop.vertx().eventBus();
  }

  /** The other side had been told this user left its rooms: they are back. */
  private Future<Void> announceReturn(String nick) {
    session.rooms().forEach(room -> bus().publish(BusContract.ROOMS, RoomEvent.joined(room, nick, member.id()).toJson()));
    return Future.succeededFuture();
  }

  private Future<Void> lostNickname() {
    String old = session.nick();
    return session.claimGuest().map(guest -> {
      member.push(Outbound.encodeLine(Pushes.renamed(old, guest)));
      member.push(Outbound.encodeLine(Pushes.info("nickname " + old + " was taken on the other side of a "
          + "network partition; you are " + guest + " now")));
      // This node's members of the rooms knew this connection as old; the other side was told it left.
      bus().publish(BusContract.PRESENCE, new RenameEvent(old, guest, session.rooms(), member.id()).toJson(),
          new DeliveryOptions().setLocalOnly(true));
      session.rooms().forEach(room -> bus().publish(BusContract.ROOMS, RoomEvent.joined(room, guest, member.id()).toJson()));
      loop.metrics().nicknameConflict();
      return null;
    });
  }
}
