package io.planetscale.cdc.kafka.connect;

import static io.planetscale.cdc.kafka.connect.CommittedTopics.count;
import static io.planetscale.cdc.kafka.connect.CommittedTopics.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector on a real Kafka broker and Connect worker in this JVM ({@link EmbeddedConnectCluster},
 * exactly-once source support enabled), against {@link FakePlanetScale}: what a {@code read_committed}
 * consumer sees, across connector stops, a reshard, offsets set through the REST API, and bad
 * credentials.
 */
class ConnectClusterTest {
  static final String PASSWORD = PlanetScaleSourceTaskTest.PASSWORD;
  static final Duration WAIT = Duration.ofSeconds(60);
  static EmbeddedConnectCluster cluster;

  @BeforeAll
  static void startCluster() {
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    Properties broker = new Properties();
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    Map<String, String> worker = new HashMap<>();
    worker.put("exactly.once.source.support", "enabled");
    worker.put("offset.flush.interval.ms", "1000");
    worker.put("scheduled.rebalance.max.delay.ms", "1000"); // a removed worker's tasks move within a second
    cluster = new EmbeddedConnectCluster.Builder().name("planetscale-it").numWorkers(1).numBrokers(1)
        .workerProps(worker).brokerProps(broker).build();
    cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.stop();
    }
    System.clearProperty(MysqlAccessProvider.PROPERTY);
  }

  static Map<String, String> config(FakePlanetScale fake, String prefix) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", PlanetScaleSourceConnector.class.getName());
    c.put("tasks.max", "2");
    c.put("planetscale.host", fake.host());
    c.put("planetscale.database", "shop");
    c.put("planetscale.username", "ps-user");
    c.put("planetscale.password", PASSWORD);
    c.put("planetscale.plaintext", "true");
    c.put("topic.prefix", prefix);
    c.put("exactly.once.support", "required");
    c.put("transaction.boundary", "connector");
    c.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("key.converter.schemas.enable", "false");
    c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    c.put("value.converter.schemas.enable", "false");
    c.put("topic.creation.default.replication.factor", "1");
    c.put("topic.creation.default.partitions", "1");
    c.put("retry.initial.backoff.ms", "10");
    c.put("retry.max.backoff.ms", "100");
    c.put("poll.interval.ms", "50");
    c.put("shard.poll.interval.ms", "500");
    return c;
  }

  static FakePlanetScale fake(int rows) {
    return PlanetScaleSourceTaskTest.fake(rows, "-80", "80-");
  }

  /** {@code bin/kafka-demo} as the README shows it, on this class's cluster: its check passes. */
  @Test
  void theKafkaDemoStreamsTheShopIntoKafkaAndItsCheckPasses() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    boolean passed = KafkaDemo.run(cluster, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(passed).as(out).isTrue();
    assertThat(out).contains("check passed", "\"total\":42.50", "\"op\":\"r\"", "\"op\":\"c\"", "\"op\":\"u\"", "(tombstone)")
        .doesNotContain(KafkaDemo.PASSWORD);
  }

  @Test
  void theCopyAndChangesOfTwoTablesOnTwoShardsArriveExactlyOnceInAReadCommittedConsumer() throws Exception {
    try (FakePlanetScale fake = fake(20); CommittedTopics topics = new CommittedTopics(cluster, "eos")) {
      Map<String, Map<Long, String>> expected = PlanetScaleSourceTaskTest.expected(20);
      cluster.configureConnector("eos", config(fake, "eos"));
      cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("eos", 2, "the connector did not start");
      topics.readUntil(e -> e.size() >= 40, WAIT, "the copy");
      fake.insert("orders", Map.of("id", 21L, "note", "new"));
      expected.get("orders").put(21L, "new");
      fake.update("customers", 4L, Map.of("note", "changed"));
      expected.get("customers").put(4L, "changed");
      fake.delete("orders", 9L);
      expected.get("orders").remove(9L);
      topics.readUntil(e -> replay(e).equals(expected) && count(e, "tombstone") == 1, WAIT, "the changes");
      assertThat(count(topics.events, "r")).isEqualTo(40);
      assertThat(topics.events.subList(40, topics.events.size())).extracting(CommittedTopics.Event::op)
          .containsExactlyInAnyOrder("c", "u", "d", "tombstone");
      assertThat(topics.events).filteredOn(e -> !e.op().equals("tombstone")).extracting(CommittedTopics.Event::shard)
          .containsOnly("-80", "80-").contains("-80", "80-");
      cluster.deleteConnector("eos");
    }
  }

  @Test
  void stoppingAndResumingTheConnectorMidCopyAndMidStreamLosesAndRepeatsNothing() throws Exception {
    try (FakePlanetScale fake = fake(150); CommittedTopics topics = new CommittedTopics(cluster, "restart")) {
      fake.faults().delayResponses(Duration.ofMillis(50)); // a copy slow enough to stop in the middle
      Map<String, Map<Long, String>> expected = PlanetScaleSourceTaskTest.expected(150);
      cluster.configureConnector("restart", config(fake, "restart"));
      topics.readUntil(e -> e.size() >= 20, WAIT, "part of the copy");
      cluster.stopConnector("restart");
      cluster.assertions().assertConnectorIsStopped("restart", "the connector did not stop");
      assertThat(count(topics.events, "r")).isLessThan(300);
      cluster.resumeConnector("restart");
      topics.readUntil(e -> count(e, "r") >= 300, WAIT, "the rest of the copy");
      awaitPositionsAfterTheCopy("restart");
      fake.faults().reset();

      for (long id = 151; id <= 160; id++) {
        fake.insert("orders", Map.of("id", id, "note", "new" + id));
        expected.get("orders").put(id, "new" + id);
      }
      topics.readUntil(e -> count(e, "c") >= 3, WAIT, "some changes");
      cluster.stopConnector("restart");
      cluster.assertions().assertConnectorIsStopped("restart", "the connector did not stop");
      for (long id = 161; id <= 170; id++) {
        fake.insert("customers", Map.of("id", id, "note", "stopped" + id));
        expected.get("customers").put(id, "stopped" + id);
      }
      cluster.resumeConnector("restart");
      topics.readUntil(e -> replay(e).equals(expected), WAIT, "every change");
      cluster.restartConnectorAndTasks("restart", false, false, false);
      fake.update("orders", 1L, Map.of("note", "after restart"));
      expected.get("orders").put(1L, "after restart");
      topics.readUntil(e -> replay(e).equals(expected), WAIT, "the change after the restart");

      assertThat(count(topics.events, "r")).isEqualTo(300);
      assertThat(topics.events).filteredOn(e -> e.op().equals("r"))
          .extracting(e -> e.table() + e.id()).doesNotHaveDuplicates();
      assertThat(count(topics.events, "c")).isEqualTo(20);
      assertThat(count(topics.events, "u")).isEqualTo(1);
      cluster.deleteConnector("restart");
    }
  }

  /**
   * Workers leave in the middle of the copy and of the stream: their tasks move to the remaining
   * worker, which resumes them from the committed offsets, found under the same partition maps.
   */
  @Test
  void tasksMovedOffRemovedWorkersMidCopyAndMidStreamLoseAndRepeatNothing() throws Exception {
    try (FakePlanetScale fake = fake(150); CommittedTopics topics = new CommittedTopics(cluster, "workers")) {
      fake.faults().delayResponses(Duration.ofMillis(50));
      Map<String, Map<Long, String>> expected = PlanetScaleSourceTaskTest.expected(150);
      org.apache.kafka.connect.util.clusters.WorkerHandle second = cluster.addWorker();
      cluster.assertions().assertExactlyNumWorkersAreUp(2, "the second worker did not start");
      cluster.configureConnector("workers", config(fake, "workers"));
      cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("workers", 2, "the connector did not start");
      topics.readUntil(e -> e.size() >= 20, WAIT, "part of the copy");
      cluster.removeWorker(workerOfTask("workers", 0));
      cluster.assertions().assertExactlyNumWorkersAreUp(1, "a worker did not stop");
      assertThat(count(topics.events, "r")).isLessThan(300);
      topics.readUntil(e -> count(e, "r") >= 300, WAIT, "the rest of the copy on the remaining worker");
      awaitPositionsAfterTheCopy("workers");
      fake.faults().reset();

      cluster.addWorker();
      cluster.assertions().assertExactlyNumWorkersAreUp(2, "a new worker did not start");
      for (long id = 151; id <= 160; id++) {
        fake.insert("orders", Map.of("id", id, "note", "new" + id));
        expected.get("orders").put(id, "new" + id);
      }
      topics.readUntil(e -> count(e, "c") >= 3, WAIT, "some changes");
      cluster.removeWorker(workerOfTask("workers", 1));
      cluster.assertions().assertExactlyNumWorkersAreUp(1, "a worker did not stop");
      for (long id = 161; id <= 170; id++) {
        fake.insert("customers", Map.of("id", id, "note", "moved" + id));
        expected.get("customers").put(id, "moved" + id);
      }
      topics.readUntil(e -> replay(e).equals(expected), WAIT, "every change");
      cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("workers", 2, "the tasks did not move");
      assertThat(count(topics.events, "r")).isEqualTo(300);
      assertThat(topics.events).filteredOn(e -> e.op().equals("r"))
          .extracting(e -> e.table() + e.id()).doesNotHaveDuplicates();
      assertThat(count(topics.events, "c")).isEqualTo(20);
      cluster.deleteConnector("workers");
      assertThat(second).isNotNull();
    }
  }

  /**
   * Waits until every shard's committed offset is past the copy. Until then a shard resumed after a stop
   * finishes its copy first, and rows inserted meanwhile arrive copied ({@code r}), not as inserts.
   */
  private static void awaitPositionsAfterTheCopy(String connector) throws InterruptedException {
    TaskHarness.await(() -> {
      Map<Map<String, ?>, Map<String, ?>> offsets;
      try {
        offsets = cluster.connectorOffsets(connector).toMap();
      } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
        return false; // a rebalance in progress; ask again
      }
      return offsets.size() == 2 && offsets.values().stream()
          .noneMatch(o -> VGtid.fromJson((String) o.get("vgtid")).isCopying());
    }, "the positions after the copy committed");
  }

  /** The worker running a task, by its REST port (task status names workers {@code host:port}). */
  private static org.apache.kafka.connect.util.clusters.WorkerHandle workerOfTask(String connector, int task) {
    String workerId = cluster.connectorStatus(connector).tasks().stream().filter(t -> t.id() == task).findFirst()
        .orElseThrow().workerId();
    int port = Integer.parseInt(workerId.substring(workerId.lastIndexOf(':') + 1));
    return cluster.workers().stream().filter(w -> w.url().getPort() == port).findFirst()
        .orElseThrow(() -> new AssertionError("no worker " + workerId + " among " + cluster.workers()));
  }

  @Test
  void aReshardInTheMiddleOfTheStreamMovesToTheNewShardsWithNothingLost() throws Exception {
    try (FakePlanetScale fake = fake(10); CommittedTopics topics = new CommittedTopics(cluster, "reshard")) {
      Map<String, Map<Long, String>> expected = PlanetScaleSourceTaskTest.expected(10);
      cluster.configureConnector("reshard", config(fake, "reshard"));
      topics.readUntil(e -> e.size() >= 20, WAIT, "the copy");
      fake.reshard(List.of("-80"), List.of("-40", "40-80"));
      for (long id = 11; id <= 30; id++) {
        fake.insert("orders", Map.of("id", id, "note", "after" + id));
        expected.get("orders").put(id, "after" + id);
      }
      topics.readUntil(e -> replay(e).equals(expected), WAIT, "the inserts after the reshard");
      TaskHarness.await(() -> assignedShards("reshard").equals(List.of("-40", "40-80", "80-")),
          "the new shards assigned to tasks");
      for (long id = 31; id <= 40; id++) {
        fake.insert("orders", Map.of("id", id, "note", "later" + id));
        expected.get("orders").put(id, "later" + id);
      }
      topics.readUntil(e -> replay(e).equals(expected), WAIT, "the inserts after the reassignment");
      assertThat(count(topics.events, "c")).isEqualTo(30);
      assertThat(topics.events).filteredOn(e -> e.id() > 10).extracting(CommittedTopics.Event::shard)
          .doesNotContain("-80");
      Map<Map<String, ?>, Map<String, ?>> offsets = cluster.connectorOffsets("reshard").toMap();
      assertThat(offsets.get(SourceOffsets.partition("shop", "-80"))).isEqualTo(Map.of("retired", true));
      cluster.deleteConnector("reshard");
    }
  }

  private static List<String> assignedShards(String connector) {
    List<String> shards = new java.util.ArrayList<>();
    List<?> tasks;
    try {
      tasks = cluster.taskConfigs(connector);
    } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
      return shards; // "a rebalance is expected": the workers are reassigning the tasks; ask again
    }
    for (Object t : tasks) {
      String assigned = ((org.apache.kafka.connect.runtime.rest.entities.TaskInfo) t).config()
          .get("planetscale.task.shards");
      if (assigned != null && !assigned.isEmpty()) {
        shards.addAll(List.of(assigned.split(",")));
      }
    }
    shards.sort(null);
    return shards;
  }

  @Test
  void offsetsSetThroughTheRestApiAreValidatedAndTheConnectorStartsFromTheGivenGtid() throws Exception {
    try (FakePlanetScale fake = fake(5); CommittedTopics topics = new CommittedTopics(cluster, "rewind")) {
      cluster.configureConnector("rewind", config(fake, "rewind"));
      topics.readUntil(e -> e.size() >= 10, WAIT, "the copy");
      String mark = null;
      int afterMark = 0;
      for (long id = 6; id <= 25; id++) {
        fake.insert("orders", Map.of("id", id, "note", "n" + id));
        if (id == 12) {
          mark = fake.position(fake.shardOf("orders", 12L));
        } else if (id > 12 && mark != null && fake.shardOf("orders", id).equals(fake.shardOf("orders", 12L))) {
          afterMark++;
        }
      }
      String shard = fake.shardOf("orders", 12L);
      topics.readUntil(e -> count(e, "c") == 20, WAIT, "the inserts");
      cluster.stopConnector("rewind");
      cluster.assertions().assertConnectorIsStopped("rewind", "the connector did not stop");

      ConnectorOffsets bad = new ConnectorOffsets(List.of(new ConnectorOffset(SourceOffsets.partition("shop", shard),
          Map.of("vgtid", "{not json"))));
      assertThatThrownBy(() -> cluster.alterConnectorOffsets("rewind", bad))
          .hasMessageContaining("is not a valid position");

      String vgtid = VGtid.of(ShardGtid.of("shop", shard, mark)).toJson();
      cluster.alterConnectorOffsets("rewind", new ConnectorOffsets(List.of(new ConnectorOffset(
          SourceOffsets.partition("shop", shard), Map.of("vgtid", vgtid, "ordinal", 0)))));
      cluster.resumeConnector("rewind");
      int replayed = afterMark;
      topics.readUntil(e -> count(e, "c") == 20 + replayed, WAIT, "the inserts after the given GTID, again");
      assertThat(topics.events.subList(topics.events.size() - replayed, topics.events.size()))
          .allSatisfy(e -> assertThat(e.id()).isGreaterThan(12)).extracting(CommittedTopics.Event::shard)
          .containsOnly(shard);

      cluster.stopConnector("rewind");
      cluster.assertions().assertConnectorIsStopped("rewind", "the connector did not stop");
      cluster.resetConnectorOffsets("rewind");
      cluster.resumeConnector("rewind");
      topics.readUntil(e -> count(e, "r") == 10 + 30, WAIT, "a copy from scratch after the reset");
      cluster.deleteConnector("rewind");
    }
  }

  @Test
  void badCredentialsAreRejectedOnThePasswordAndLeaveARunningConnectorFailedWithoutThePassword()
      throws Exception {
    try (FakePlanetScale fake = fake(1)) {
      Map<String, String> config = config(fake, "creds");
      config.put("planetscale.password", "wrong-" + PASSWORD);
      assertThatThrownBy(() -> cluster.configureConnector("creds", config))
          .hasMessageContaining("rejected the credentials of user").satisfies(e -> assertThat(e.getMessage())
              .doesNotContain(PASSWORD));
      Map<String, List<String>> errors = new HashMap<>();
      config.put("name", "creds");
      for (var info : cluster.validateConnectorConfig(PlanetScaleSourceConnector.class.getSimpleName(), config)
          .configs()) {
        if (!info.configValue().errors().isEmpty()) {
          errors.put(info.configValue().name(), info.configValue().errors());
        }
      }
      assertThat(errors).containsOnlyKeys("planetscale.password");
      assertThat(errors.toString()).doesNotContain(PASSWORD);

      cluster.configureConnector("creds", config(fake, "creds"));
      cluster.assertions().assertConnectorAndExactlyNumTasksAreRunning("creds", 2, "the connector did not start");
      fake.faults().rejectCredentials(true);
      assertThatThrownBy(() -> cluster.restartConnector("creds")).hasMessageContaining("Failed to start connector");
      // The connector fails at once; its running tasks fail only when their streams reconnect.
      TaskHarness.await(() -> cluster.connectorStatus("creds").connector().state().equals("FAILED"),
          "the connector failed");
      String trace = cluster.connectorStatus("creds").connector().trace();
      assertThat(trace).contains("rejected the credentials of user \"ps-user\"").doesNotContain(PASSWORD);
      cluster.deleteConnector("creds");
    }
  }
}
