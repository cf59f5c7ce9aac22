package io.planetscale.cdc.kafka.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How shards are spread over tasks: sorted, then round-robin over {@code min(tasks.max, shards)} tasks. */
final class TaskAssignment {
  private TaskAssignment() {}

  /**
   * @param connectorProps the connector's configuration, copied into each task's
   * @param shards the keyspace's shards
   * @param maxTasks {@code tasks.max}
   * @return one configuration per task, with {@value ConnectorConfig#TASK_SHARDS} set
   */
  static List<Map<String, String>> assign(Map<String, String> connectorProps, List<String> shards, int maxTasks) {
    List<String> sorted = new ArrayList<>(shards);
    sorted.sort(null);
    int tasks = Math.min(maxTasks, sorted.size());
    List<List<String>> byTask = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      byTask.add(new ArrayList<>());
    }
    for (int i = 0; i < sorted.size(); i++) {
      byTask.get(i % tasks).add(sorted.get(i));
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> assigned : byTask) {
      Map<String, String> c = new HashMap<>(connectorProps);
      c.put(ConnectorConfig.TASK_SHARDS, String.join(",", assigned));
      configs.add(c);
    }
    return configs;
  }
}
