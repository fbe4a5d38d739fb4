package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One node id format, clustered or not: 8 hex digits, a member UUID's first eight. */
class NodeIdsTest {

  @Test
  void aMemberUuidAndARandomIdHaveTheSameForm() {
    assertEquals("3f2a9c1e", NodeIds.of("3F2A9C1E-5B7d-4e0f-9a1b-2c3d4e5f6a7b"));
    assertTrue(NodeIds.random().matches("[0-9a-f]{8}"), NodeIds.random());
  }
}
