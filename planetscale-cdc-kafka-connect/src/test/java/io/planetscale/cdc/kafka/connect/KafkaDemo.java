package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The Kafka demo ({@code bin/kafka-demo}): a sample shop keyspace on two shards in
 * {@link FakePlanetScale}, a real Kafka broker and Connect worker in this JVM with exactly-once
 * source support, and {@link PlanetScaleSourceConnector} streaming the keyspace into topics
 * {@code demo.shop.customers} and {@code demo.shop.orders}: the copy, then an insert, an update and a
 * delete, read back by a {@code read_committed} consumer. Prints the connector configuration it
 * posts, a few change events, and a check that every row arrived exactly once. Exit code 0 when the
 * check passes.
 */
public final class KafkaDemo {
  static final String PASSWORD = "demo-password";
  static final int ROWS = 500;
  private static final Duration WAIT = Duration.ofSeconds(90);

  private KafkaDemo() {}

  /**
   * Runs the demo on its own embedded cluster.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    System.out.println("starting a Kafka broker and a Connect worker in this JVM (about 20 s)...");
    EmbeddedConnectCluster cluster = startCluster();
    boolean passed;
    try {
      passed = run(cluster, System.out);
    } finally {
      cluster.stop();
    }
    System.exit(passed ? 0 : 1);
  }

  /** @return a started cluster: one broker, one worker, exactly-once source support */
  static EmbeddedConnectCluster startCluster() {
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("exactly.once.source.support", "enabled");
    worker.put("offset.flush.interval.ms", "1000");
    EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder().name("planetscale-demo").numWorkers(1)
        .numBrokers(1).workerProps(worker).brokerProps(broker).build();
    cluster.start();
    return cluster;
  }

  /**
   * Runs the demo on a started cluster whose JVM finds the testkit's MySQL access (system property
   * {@value MysqlAccessProvider#PROPERTY}).
   *
   * @param cluster the cluster
   * @param out where to print
   * @return whether every row of both tables arrived exactly once, with the changes applied
   */
  static boolean run(EmbeddedConnectCluster cluster, PrintStream out) {
    try (FakePlanetScale fake = shop()) {
      Map<String, String> config = config(fake);
      out.println("connector configuration (what you would PUT to /connectors/planetscale-demo/config):");
      Map<String, String> shown = new TreeMap<>(config);
      shown.put("planetscale.password", "********");
      out.println("  " + shown);
      cluster.configureConnector("planetscale-demo", config);
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(cluster)) {
        Map<String, Map<String, String>> rows = new TreeMap<>(); // topic -> key -> last value
        List<String> events = new ArrayList<>();
        read(consumer, events, rows, ROWS * 2, out, "the copy");
        out.println("copied " + events.size() + " rows; the first change events:");
        events.stream().limit(2).forEach(e -> out.println("  " + e));

        fake.insert("orders", Map.of("id", (long) ROWS + 1, "customer_id", 7L, "total", new BigDecimal("42.50"),
            "status", "paid"));
        fake.update("customers", 7L, Map.of("tier", "gold"));
        fake.delete("orders", 3L);
        int before = events.size();
        read(consumer, events, rows, before + 4, out, "the insert, update, delete and its tombstone");
        out.println("then the changes (c = insert, u = update, d = delete, then a tombstone):");
        events.subList(before, events.size()).forEach(e -> out.println("  " + e));

        boolean passed = rows.get("demo.shop.customers").size() == ROWS
            && rows.get("demo.shop.orders").size() == ROWS // one inserted, one deleted
            && !rows.get("demo.shop.orders").containsKey("{\"id\":3}")
            && events.size() == ROWS * 2 + 4;
        out.println(passed
            ? "check passed: every row arrived exactly once in a read_committed consumer, with the changes applied"
            : "check FAILED: " + events.size() + " events; rows per topic " + sizes(rows));
        return passed;
      } finally {
        cluster.deleteConnector("planetscale-demo");
      }
    }
  }

  private static FakePlanetScale shop() {
    FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-")
        .credentials("demo-user", PASSWORD).build().start();
    fake.createTable(TableSpec.builder("customers").column("id", "bigint").column("name", "varchar(100)")
        .column("tier", "enum('bronze','silver','gold')").column("created_at", "datetime(6)").primaryKey("id")
        .build());
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("customer_id", "bigint")
        .column("total", "decimal(12,2)").column("status", "varchar(16)").primaryKey("id").build());
    List<Map<String, ?>> customers = new ArrayList<>();
    List<Map<String, ?>> orders = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      customers.add(Map.of("id", id, "name", "customer " + id, "tier", id % 3 == 0 ? "silver" : "bronze",
          "created_at", java.time.LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(id)));
      orders.add(Map.of("id", id, "customer_id", 1 + id % 50, "total", BigDecimal.valueOf(id * 105, 2),
          "status", "shipped"));
    }
    fake.insertAll("customers", customers);
    fake.insertAll("orders", orders);
    return fake;
  }

  private static Map<String, String> config(FakePlanetScale fake) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("connector.class", PlanetScaleSourceConnector.class.getName());
    c.put("tasks.max", "2");
    c.put("planetscale.host", fake.host());
    c.put("planetscale.database", "shop");
    c.put("planetscale.username", "demo-user");
    c.put("planetscale.password", PASSWORD);
    c.put("planetscale.plaintext", "true"); // the fake on loopback; TLS with verification is the default
    c.put("topic.prefix", "demo");
    c.put("exactly.once.support", "required");
    c.put("transaction.boundary", "connector");
    c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("key.converter.schemas.enable", "false");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put("value.converter.decimal.format", "NUMERIC"); // DECIMAL as a JSON number, not Base64 bytes
    c.put("topic.creation.default.replication.factor", "1");
    c.put("topic.creation.default.partitions", "1");
    return c;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedConnectCluster cluster) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return cluster.kafka().createConsumer(props);
  }

  /** Reads committed events of the demo topics until there are {@code until} of them. */
  private static void read(KafkaConsumer<byte[], byte[]> consumer, List<String> events,
      Map<String, Map<String, String>> rows, int until, PrintStream out, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (events.size() < until) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + WAIT.toSeconds() + " s waiting for " + what
            + " (" + events.size() + " of " + until + " events)");
      }
      assign(consumer);
      if (consumer.assignment().isEmpty()) { // no change topic yet: the connector creates them with their first record
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        events.add(r.topic() + " " + key + " " + (value == null ? "(tombstone)" : value));
        Map<String, String> table = rows.computeIfAbsent(r.topic(), t -> new TreeMap<>());
        if (value == null) {
          table.remove(key);
        } else if (value.contains("\"op\":\"d\"")) {
          table.remove(key);
        } else {
          table.put(key, value);
        }
      }
    }
  }

  /** Assigns the demo's change topics as they appear (a topic is created with its first record). */
  private static void assign(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> wanted = new ArrayList<>();
    for (String topic : consumer.listTopics().keySet()) {
      if (topic.equals("demo.shop.customers") || topic.equals("demo.shop.orders")) {
        wanted.add(new TopicPartition(topic, 0));
      }
    }
    if (!consumer.assignment().containsAll(wanted)) {
      Map<TopicPartition, Long> positions = new LinkedHashMap<>();
      for (TopicPartition tp : consumer.assignment()) {
        positions.put(tp, consumer.position(tp));
      }
      consumer.assign(wanted);
      positions.forEach(consumer::seek);
    }
  }

  private static Map<String, Integer> sizes(Map<String, Map<String, String>> rows) {
    Map<String, Integer> sizes = new TreeMap<>();
    rows.forEach((t, r) -> sizes.put(t, r.size()));
    return sizes;
  }
}
