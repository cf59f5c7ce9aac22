package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A {@code read_committed} consumer of a connector's change topics ({@code <prefix>.shop.*}), with the
 * events it read decoded from JSON (schemas disabled).
 */
final class CommittedTopics implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A change event: its table, key, op ({@code r c u d}, or {@code tombstone}) and the row's note after it. */
  record Event(String table, long id, String op, String note, String shard) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topicPrefix;
  private final java.util.Set<TopicPartition> assigned = new java.util.HashSet<>();
  final List<Event> events = new ArrayList<>();

  CommittedTopics(EmbeddedConnectCluster cluster, String prefix) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = cluster.kafka().createConsumer(props);
    topicPrefix = prefix + ".shop.";
  }

  /**
   * Assigns the partitions of topics created since the last call, from their beginning. Assigned by
   * hand, not subscribed: a group rebalance when a topic appears would reset the other partitions to the
   * earliest offset (nothing is committed) and read them twice.
   */
  private void assignNewTopics() {
    boolean added = false;
    for (var e : consumer.listTopics().entrySet()) {
      if (e.getKey().startsWith(topicPrefix)) {
        for (var p : e.getValue()) {
          added |= assigned.add(new TopicPartition(p.topic(), p.partition()));
        }
      }
    }
    if (added) {
      Map<TopicPartition, Long> positions = new HashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        positions.put(tp, consumer.position(tp));
      }
      consumer.assign(assigned);
      for (TopicPartition tp : assigned) {
        if (positions.containsKey(tp)) {
          consumer.seek(tp, positions.get(tp));
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }
  }

  /** Reads until the events satisfy the condition, at most {@code wait}. */
  void readUntil(Predicate<List<Event>> condition, Duration wait, String what) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.test(events)) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what + "; read " + events.size() + " events: "
            + (events.size() > 50 ? events.subList(events.size() - 50, events.size()) : events));
      }
      assignNewTopics();
      if (assigned.isEmpty()) {
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        events.add(decode(r));
      }
    }
  }

  private static Event decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      String table = r.topic().substring(r.topic().lastIndexOf('.') + 1);
      long id = JSON.readTree(r.key()).get("id").asLong();
      if (r.value() == null) {
        return new Event(table, id, "tombstone", null, null);
      }
      JsonNode v = JSON.readTree(r.value());
      JsonNode after = v.get("after");
      return new Event(table, id, v.get("op").asText(),
          after == null || after.isNull() ? null : after.get("note").asText(), v.get("source").get("shard").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tables the events build, as a consumer applying them would. */
  static Map<String, Map<Long, String>> replay(List<Event> events) {
    Map<String, Map<Long, String>> tables = new HashMap<>();
    for (Event e : events) {
      Map<Long, String> t = tables.computeIfAbsent(e.table(), k -> new TreeMap<>());
      switch (e.op()) {
        case "d" -> t.remove(e.id());
        case "tombstone" -> { }
        default -> t.put(e.id(), e.note());
      }
    }
    return tables;
  }

  static long count(List<Event> events, String op) {
    return events.stream().filter(e -> e.op().equals(op)).count();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
