package io.chatnode.history;

/**
 * The history cannot be read or changed from here now: this node is on the minority side of a
 * partition, where the numbering is not the cluster's. Not a fault of the request; the client may
 * try again once the cluster has re-formed.
 */
public final class StoreUnavailable extends RuntimeException {

  public StoreUnavailable(String message) {
    super(message, null, false, false);
  }
}
