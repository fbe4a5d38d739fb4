package io.chatnode.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.chatnode.history.HazelcastHistoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which node process sequences a room: the owner of the partition of the room's entry in
 * {@value HazelcastHistoryStore#ROOMS_MAP}, as the cluster's partition table says. Read through a
 * Hazelcast client (in the Hazelcast jar the nodes already use) rather than a member, so that the
 * cluster under test keeps exactly its three members: a lite member would be counted as a node
 * by the nodes themselves. Members are named by their cluster port, which the test chose.
 */
final class PartitionOwners implements AutoCloseable {

  private final HazelcastInstance client;

  PartitionOwners(String clusterName, List<Integer> clusterPorts) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    clusterPorts.forEach(port -> config.getNetworkConfig().addAddress("127.0.0.1:" + port));
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
    client = HazelcastClient.newHazelcastClient(config);
  }

  /** The cluster port of the member that owns {@code room}'s partition; -1 while not known. */
  int ownerPort(String room) {
    Member owner = client.getPartitionService().getPartition(room).getOwner();
    return owner == null ? -1 : owner.getAddress().getPort();
  }

  /** Partitions owned per member (by cluster port); -1 counts those with no owner known yet. */
  Map<Integer, Integer> partitionsPerMember() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (Partition partition : client.getPartitionService().getPartitions()) {
      Member owner = partition.getOwner();
      counts.merge(owner == null ? -1 : owner.getAddress().getPort(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * True once every one of {@code clusterPorts} owns a fair share of the partitions (at least
   * three quarters of an even split) and none is without an owner: the migrations that followed
   * the last join are done, so the owners read now stay the owners.
   */
  boolean balanced(List<Integer> clusterPorts) {
    Map<Integer, Integer> counts = partitionsPerMember();
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    int fair = total / clusterPorts.size();
    return !counts.containsKey(-1) && clusterPorts.stream().allMatch(p -> counts.getOrDefault(p, 0) * 4 >= fair * 3);
  }

  /**
   * Room names {@code prefix0, prefix1, ...}, chosen so that each member of {@code clusterPorts}
   * sequences {@code each} of them; in the order found.
   */
  List<String> roomsSequencedByEach(String prefix, List<Integer> clusterPorts, int each) {
    Map<Integer, Integer> found = new HashMap<>();
    List<String> rooms = new ArrayList<>();
    for (int i = 0; rooms.size() < each * clusterPorts.size(); i++) {
      String room = prefix + i;
      int owner = ownerPort(room);
      if (clusterPorts.contains(owner) && found.getOrDefault(owner, 0) < each) {
        found.merge(owner, 1, Integer::sum);
        rooms.add(room);
      }
      if (i > 10_000) {
        throw new AssertionError("no balanced choice of rooms: " + partitionsPerMember());
      }
    }
    return rooms;
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
