package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {
  @Test
  void shardsAreSortedThenSpreadRoundRobinOverAtMostOneTaskPerShard() {
    List<String> shards = List.of("c0-", "-40", "80-c0", "40-80");
    Map<String, String> props = ConnectorConfigTest.minimal();
    List<List<String>> expected4 = List.of(List.of("-40"), List.of("40-80"), List.of("80-c0"), List.of("c0-"));
    for (int tasks = 1; tasks <= 5; tasks++) {
      List<Map<String, String>> configs = TaskAssignment.assign(props, shards, tasks);
      assertThat(configs).as("tasks.max=%d", tasks).hasSize(Math.min(tasks, 4));
      List<String> all = new ArrayList<>();
      for (Map<String, String> c : configs) {
        assertThat(c).containsAllEntriesOf(props);
        all.addAll(new ConnectorConfig(c).taskShards());
      }
      assertThat(all).as("every shard exactly once, tasks.max=%d", tasks)
          .containsExactlyInAnyOrder("-40", "40-80", "80-c0", "c0-");
      if (tasks >= 4) {
        assertThat(configs).extracting(c -> new ConnectorConfig(c).taskShards()).containsExactlyElementsOf(expected4);
      }
    }
    assertThat(TaskAssignment.assign(props, shards, 1)).extracting(c -> new ConnectorConfig(c).taskShards())
        .containsExactly(List.of("-40", "40-80", "80-c0", "c0-"));
    assertThat(TaskAssignment.assign(props, shards, 2)).extracting(c -> new ConnectorConfig(c).taskShards())
        .containsExactly(List.of("-40", "80-c0"), List.of("40-80", "c0-"));
    assertThat(TaskAssignment.assign(props, shards, 3)).extracting(c -> new ConnectorConfig(c).taskShards())
        .containsExactly(List.of("-40", "c0-"), List.of("40-80"), List.of("80-c0"));
  }
}
