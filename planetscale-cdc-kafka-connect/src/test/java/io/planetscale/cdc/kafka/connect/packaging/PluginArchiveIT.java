package io.planetscale.cdc.kafka.connect.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connect plugin archive as users deploy it: its layout, its relocated libraries, and a real worker
 * (EmbeddedConnectCluster: one KRaft broker, one worker) that loads the connector from it through
 * {@code plugin.path} and streams a FakePlanetScale keyspace into Kafka.
 *
 * <p>The module's own classes are not on this test's class path (see the failsafe execution
 * plugin-archive-it in the pom): the connector can only come from the archive.
 */
class PluginArchiveIT {
  static final String PASSWORD = "pscale_pw_plugin_S3CRET";
  static final Duration WAIT = Duration.ofSeconds(90);
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONNECTOR_NAME = "planetscale";

  @TempDir
  static Path pluginPath;
  static FakePlanetScale fake;
  static EmbeddedConnectCluster connect;

  @BeforeAll
  static void start() throws Exception {
    PluginArchive.unzip(PluginArchive.zip(), pluginPath);
    PluginArchive.addDiscoveryProvider(pluginPath.resolve(PluginArchive.TOP).resolve("lib"));
    System.setProperty(MysqlAccessProvider.PROPERTY, StaticMysqlAccessProvider.class.getName());

    fake = FakePlanetScale.builder().keyspace(StaticMysqlAccessProvider.KEYSPACE)
        .shards(StaticMysqlAccessProvider.SHARDS.toArray(String[]::new)).credentials("ps-user", PASSWORD).build()
        .start();
    TableSpec.Builder table = TableSpec.builder(StaticMysqlAccessProvider.TABLE);
    StaticMysqlAccessProvider.COLUMNS.forEach(table::column);
    fake.createTable(table.primaryKey(StaticMysqlAccessProvider.KEY).build());

    Map<String, String> worker = new HashMap<>();
    worker.put("plugin.path", pluginPath.toString());
    worker.put("plugin.discovery", "service_load");
    worker.put("offset.flush.interval.ms", "1000");
    Properties broker = new Properties();
    // Without these a single broker cannot create the transaction state topic and the worker never starts.
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    EmbeddedConnectCluster.Builder builder = new EmbeddedConnectCluster.Builder().name("plugin-archive").numWorkers(1);
    builder.numBrokers(1).workerProps(worker).brokerProps(broker);
    connect = (EmbeddedConnectCluster) builder.build();
    connect.start();
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.stop();
    }
    if (fake != null) {
      fake.close();
    }
    System.clearProperty(MysqlAccessProvider.PROPERTY);
  }

  @Test
  void theArchiveHasTheConnectPluginLayoutAndAComponentManifest() throws Exception {
    String top = PluginArchive.TOP + "/";
    List<String> files = PluginArchive.entries(PluginArchive.zip()).stream().filter(e -> !e.endsWith("/")).toList();
    assertThat(files).containsExactlyInAnyOrder(top + "manifest.json", top + "doc/LICENSE",
        top + "lib/" + PluginArchive.jarName());

    JsonNode manifest = JSON.readTree(
        PluginArchive.texts(PluginArchive.zip(), List.of(top + "manifest.json")).get(top + "manifest.json"));
    assertThat(manifest.path("name").asText()).isEqualTo("planetscale-cdc-kafka-connect");
    assertThat(manifest.path("version").asText()).isEqualTo(PluginArchive.version());
    assertThat(manifest.path("title").asText()).isNotBlank();
    assertThat(manifest.path("description").asText()).isNotBlank().doesNotContain("${");
    assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
    assertThat(manifest.path("component_types").toString()).isEqualTo("[\"source\"]");
    assertThat(manifest.path("license").path(0).path("name").asText()).isEqualTo("Apache-2.0");
  }

  @Test
  void thePluginJarRelocatesGrpcProtobufAndGuavaAndLeavesOutWhatTheWorkerProvides() throws Exception {
    Path jar = pluginPath.resolve(PluginArchive.TOP).resolve("lib").resolve(PluginArchive.jarName());
    List<String> entries = PluginArchive.entries(jar);
    List<String> relocated = List.of("io/grpc/", "com/google/", "io/perfmark/", "okio/", "kotlin/");
    List<String> provided = List.of("org/apache/kafka/", "org/slf4j/");
    assertThat(entries).filteredOn(e -> relocated.stream().anyMatch(e::startsWith)).as("unrelocated classes")
        .isEmpty();
    assertThat(entries).filteredOn(e -> provided.stream().anyMatch(e::startsWith)).as("classes the worker provides")
        .isEmpty();
    assertThat(entries).contains(
        "io/planetscale/cdc/kafka/connect/PlanetScaleSourceConnector.class",
        "io/planetscale/cdc/kafka/connect/PlanetScaleSourceTask.class",
        "io/planetscale/cdc/grpc/KeyspaceStream.class",
        "org/mariadb/jdbc/Driver.class",
        PluginArchive.SHADED + "io/grpc/ManagedChannel.class",
        PluginArchive.SHADED + "io/grpc/okhttp/OkHttpChannelProvider.class",
        PluginArchive.SHADED + "com/google/protobuf/Message.class",
        PluginArchive.SHADED + "com/google/common/collect/ImmutableList.class");
    // The SDK's and the connector's classes refer to the relocated names only.
    assertThat(PluginArchive.unrelocatedReferences(jar, PluginArchive.SHADED,
        List.of("io/grpc/", "com/google/protobuf/", "com/google/common/"))).isEmpty();

    // gRPC finds its providers through META-INF/services: the files are renamed and their contents rewritten.
    List<String> services = entries.stream().filter(e -> e.startsWith("META-INF/services/") && !e.endsWith("/"))
        .toList();
    assertThat(services).noneMatch(s -> s.startsWith("META-INF/services/io.grpc."));
    String channels = "META-INF/services/io.planetscale.cdc.kafka.connect.shaded.io.grpc.ManagedChannelProvider";
    String connectors = "META-INF/services/org.apache.kafka.connect.source.SourceConnector";
    Map<String, String> texts = PluginArchive.texts(jar, List.of(channels, connectors, "META-INF/MANIFEST.MF"));
    assertThat(texts.get(channels)).contains("io.planetscale.cdc.kafka.connect.shaded.io.grpc.okhttp.OkHttpChannelProvider")
        .doesNotContain("\nio.grpc.").doesNotStartWith("io.grpc.");
    assertThat(texts.get(connectors).strip()).isEqualTo(PluginArchive.CONNECTOR);
    assertThat(texts.get("META-INF/MANIFEST.MF")).contains("Automatic-Module-Name: io.planetscale.cdc.kafka.connect");
  }

  @Test
  void theWorkerLoadsTheConnectorFromThePluginPathInItsOwnClassLoader() throws Exception {
    // Not on this JVM's class path: whatever the worker lists came from plugin.path.
    assertThatThrownBy(() -> Class.forName(PluginArchive.CONNECTOR)).isInstanceOf(ClassNotFoundException.class);

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(connect.endpointForResource("connector-plugins"))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    String listing = response.body();
    JsonNode ours = null;
    for (JsonNode plugin : JSON.readTree(listing)) {
      if (plugin.path("class").asText().equals(PluginArchive.CONNECTOR)) {
        ours = plugin;
      }
    }
    assertThat(ours).as("GET /connector-plugins: " + listing).isNotNull();
    assertThat(ours.path("type").asText()).isEqualTo("source");
    assertThat(ours.path("version").asText()).isEqualTo(PluginArchive.version());

    // The worker's own plugin scan, as the worker configures it: the class comes from a PluginClassLoader over
    // the unzipped archive, and gRPC resolves to the relocated copy inside it.
    Map<String, String> props = new HashMap<>();
    props.put("plugin.path", pluginPath.toString());
    props.put("plugin.discovery", "service_load");
    ClassLoader loader = new Plugins(props).connectorClass(PluginArchive.CONNECTOR).getClassLoader();
    assertThat(loader).isInstanceOf(PluginClassLoader.class);
    assertThat(((PluginClassLoader) loader).location())
        .isEqualTo(pluginPath.resolve(PluginArchive.TOP).toUri().toURL().toString());
    Class<?> channel = loader.loadClass("io.planetscale.cdc.kafka.connect.shaded.io.grpc.ManagedChannel");
    assertThat(channel.getClassLoader()).isSameAs(loader);
  }

  @Test
  void theConnectorFromTheArchiveCopiesAndStreamsAKeyspaceIntoKafka() throws Exception {
    String table = StaticMysqlAccessProvider.TABLE;
    for (long id = 1; id <= 4; id++) {
      fake.insert(table, Map.of("id", id, "note", "copied " + id));
    }
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", PluginArchive.CONNECTOR);
    config.put("tasks.max", "2");
    config.put("planetscale.host", fake.host());
    config.put("planetscale.database", StaticMysqlAccessProvider.KEYSPACE);
    config.put("planetscale.username", "ps-user");
    config.put("planetscale.password", PASSWORD);
    config.put("planetscale.plaintext", "true");
    config.put("topic.prefix", "ps");
    // The embedded broker does not create topics on first use: the worker creates them (KIP-158).
    config.put("topic.creation.default.replication.factor", "1");
    config.put("topic.creation.default.partitions", "1");
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("key.converter.schemas.enable", "false");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    connect.configureConnector(CONNECTOR_NAME, config);
    connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning(CONNECTOR_NAME, 1,
        "the connector from the archive did not start");

    String topic = "ps." + StaticMysqlAccessProvider.KEYSPACE + "." + table;
    assertThat(ids(changes(topic, 4), "r")).containsExactly(1L, 2L, 3L, 4L);

    fake.insert(table, Map.of("id", 5L, "note", "streamed"));
    List<JsonNode> all = changes(topic, 5);
    assertThat(ids(all, "c")).containsExactly(5L);
    assertThat(all).filteredOn(v -> v.path("op").asText().equals("c"))
        .allSatisfy(v -> assertThat(v.path("after").path("note").asText()).isEqualTo("streamed"));
    connect.deleteConnector(CONNECTOR_NAME);
  }

  /** At least {@code count} change events of {@code topic}, from its beginning, as JSON. */
  private static List<JsonNode> changes(String topic, int count) throws Exception {
    List<JsonNode> values = new ArrayList<>();
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = connect.kafka().consume(count, WAIT.toMillis(), topic);
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + " on " + topic + "; connector: " + status(), e);
    }
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.value() != null) {
        values.add(JSON.readTree(r.value()));
      }
    }
    return values;
  }

  /** The connector's and its tasks' states, with their errors' traces. */
  private static String status() {
    ConnectorStateInfo info = connect.connectorStatus(CONNECTOR_NAME);
    StringBuilder b = new StringBuilder(info.connector().state());
    if (info.connector().trace() != null) {
      b.append(' ').append(info.connector().trace());
    }
    for (ConnectorStateInfo.TaskState task : info.tasks()) {
      b.append("; task ").append(task.id()).append(' ').append(task.state());
      if (task.trace() != null) {
        b.append(' ').append(task.trace());
      }
    }
    return b.toString();
  }

  /** The after.id of the events whose op is {@code op}, sorted. */
  private static Set<Long> ids(List<JsonNode> values, String op) {
    Set<Long> ids = new TreeSet<>();
    for (JsonNode v : values) {
      if (v.path("op").asText().equals(op)) {
        ids.add(v.path("after").path("id").asLong());
      }
    }
    return ids;
  }
}
