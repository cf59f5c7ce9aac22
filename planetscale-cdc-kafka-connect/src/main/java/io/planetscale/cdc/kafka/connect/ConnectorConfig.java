package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.ConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration: every key with its documentation, default and validator
 * ({@link #DEF}), and its parsing into the SDK's settings. The password is a Connect
 * {@link Password}, so the worker shows it hidden; nothing here puts it into a message.
 */
final class ConnectorConfig extends AbstractConfig {
  static final String HOST = "planetscale.host";
  static final String DATABASE = "planetscale.database";
  static final String USERNAME = "planetscale.username";
  static final String PASSWORD = "planetscale.password";
  static final String PLAINTEXT = "planetscale.plaintext";
  static final String TRUSTED_CERTIFICATES_PEM = "planetscale.trusted.certificates.pem";
  static final String TABLES = "planetscale.tables";
  static final String TABLES_EXCLUDE = "planetscale.tables.exclude";
  static final String SHARDS = "planetscale.shards";
  static final String TABLET_TYPE = "planetscale.tablet.type";
  static final String TRANSPORT = "planetscale.transport";
  static final String STARTING_GTIDS = "planetscale.starting.gtids";
  static final String TOPIC_PREFIX = "topic.prefix";
  static final String SNAPSHOT_MODE = "snapshot.mode";
  static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
  static final String TINYINT_AS_BOOLEAN = "tinyint.as.boolean";
  static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";
  static final String SHARD_POLL_INTERVAL_MS = "shard.poll.interval.ms";
  static final String MAX_TRANSACTION_RECORDS = "max.transaction.records";
  static final String MAX_QUEUE_SIZE = "max.queue.size";
  static final String MAX_BATCH_SIZE = "max.batch.size";
  static final String POLL_INTERVAL_MS = "poll.interval.ms";
  static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  static final String RETRY_INITIAL_BACKOFF_MS = "retry.initial.backoff.ms";
  static final String RETRY_MAX_BACKOFF_MS = "retry.max.backoff.ms";
  /** Task configs only: the shards of the keyspace this task streams, set by the connector. */
  static final String TASK_SHARDS = "planetscale.task.shards";

  private static final String CONNECTION = "Connection";
  private static final String WHAT = "What to stream";
  private static final String EVENTS = "Change events";
  private static final String TUNING = "Tuning";

  static final ConfigDef DEF = define();

  ConnectorConfig(Map<String, String> props) {
    super(DEF, props, false);
  }

  private static ConfigDef define() {
    ConfigDef d = new ConfigDef();
    int o = 0;
    d.define(HOST, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
        Importance.HIGH, "The PlanetScale host, e.g. aws.connect.psdb.cloud, optionally host:port (default port 443).",
        CONNECTION, ++o, Width.LONG, "Host");
    d.define(DATABASE, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
        Importance.HIGH, "The database (keyspace) to stream.", CONNECTION, ++o, Width.MEDIUM, "Database");
    d.define(USERNAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
        Importance.HIGH, "The branch username (a PlanetScale password's username).", CONNECTION, ++o, Width.MEDIUM,
        "Username");
    d.define(PASSWORD, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
        "The branch password. Never logged nor shown in errors.", CONNECTION, ++o, Width.MEDIUM, "Password");
    d.define(PLAINTEXT, Type.BOOLEAN, false, Importance.LOW,
        "Connect without TLS: only for a local Vitess or the testkit. By default TLS with certificate verification"
            + " is used.", CONNECTION, ++o, Width.SHORT, "Plaintext");
    d.define(TRUSTED_CERTIFICATES_PEM, Type.STRING, null, Importance.LOW,
        "PEM certificates to trust instead of the JVM's trust store (a local Vitess with its own CA).",
        CONNECTION, ++o, Width.LONG, "Trusted certificates (PEM)");

    o = 0;
    d.define(TABLES, Type.LIST, "", Importance.HIGH,
        "The tables to stream, comma-separated; empty (the default) streams every table of the keyspace.",
        WHAT, ++o, Width.LONG, "Tables");
    d.define(TABLES_EXCLUDE, Type.LIST, "", Importance.MEDIUM,
        "Tables to leave out, comma-separated (applied after " + TABLES + ").", WHAT, ++o, Width.LONG,
        "Excluded tables");
    d.define(SHARDS, Type.LIST, "", Importance.MEDIUM,
        "The shards to stream, e.g. -80,80-; empty (the default) streams every shard, and follows reshards.",
        WHAT, ++o, Width.LONG, "Shards");
    d.define(TABLET_TYPE, Type.STRING, "primary", ConfigValidators.TABLET_TYPE, Importance.LOW,
        "The tablets to read from: primary, replica or rdonly.", WHAT, ++o, Width.SHORT, "Tablet type");
    d.define(TRANSPORT, Type.STRING, "vstream", ConfigValidators.TRANSPORT, Importance.LOW,
        "The protocol: vstream (the only one this connector supports: one VStream per shard).", WHAT, ++o,
        Width.SHORT, "Transport");
    d.define(SNAPSHOT_MODE, Type.STRING, SnapshotMode.INITIAL.configName(), ConfigValidators.SNAPSHOT_MODE,
        Importance.MEDIUM, "What a shard with no stored offset does: initial (copy the tables, then stream changes),"
            + " never (stream changes from now on), when_needed (like initial, and copy again when the stored"
            + " position's binary logs are gone).", WHAT, ++o, Width.SHORT, "Snapshot mode");
    d.define(STARTING_GTIDS, Type.STRING, null, ConfigValidators.STARTING_GTIDS, Importance.LOW,
        "Where shards without a stored offset start, as JSON {\"<keyspace>\":{\"<shard>\":\"<gtid>\"}} (the"
            + " command lines' starting_gtids); such shards copy nothing. Others follow " + SNAPSHOT_MODE + ".",
        WHAT, ++o, Width.LONG, "Starting GTIDs");

    o = 0;
    d.define(TOPIC_PREFIX, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigValidators.TOPIC_PREFIX, Importance.HIGH,
        "The first part of every topic: changes go to <topic.prefix>.<keyspace>.<table>, heartbeats and reshard"
            + " markers to <topic.prefix>.heartbeat. Also source.name in the events.", EVENTS, ++o, Width.MEDIUM,
        "Topic prefix");
    d.define(TOMBSTONES_ON_DELETE, Type.BOOLEAN, true, Importance.MEDIUM,
        "Whether a delete event is followed by a tombstone (null value), for log compaction.", EVENTS, ++o,
        Width.SHORT, "Tombstones on delete");
    d.define(TINYINT_AS_BOOLEAN, Type.BOOLEAN, false, Importance.LOW,
        "Whether tinyint(1) columns are booleans (as Debezium's TinyIntOneToBooleanConverter does); by default"
            + " they are numbers.", EVENTS, ++o, Width.SHORT, "tinyint(1) as boolean");
    d.define(HEARTBEAT_INTERVAL_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
        "How often vtgate sends a heartbeat on an idle stream, in ms (rounded up to whole seconds); each moves the"
            + " shard's offset through a record to <topic.prefix>.heartbeat, so that an idle shard's position stays"
            + " recent. 0 (the default) asks for none.", EVENTS, ++o, Width.SHORT, "Heartbeat interval (ms)");

    o = 0;
    d.define(SHARD_POLL_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
        "How often the connector looks up the keyspace's shards, to reassign them to tasks after a reshard;"
            + " 0 never looks again.", TUNING, ++o, Width.SHORT, "Shard poll interval (ms)");
    d.define(MAX_TRANSACTION_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
        "Records of one transaction held in memory before they are passed on: a bigger transaction goes in pieces"
            + " (one Kafka transaction still ends only at its COMMIT).", TUNING, ++o, Width.SHORT,
        "Max records per transaction chunk");
    d.define(MAX_QUEUE_SIZE, Type.INT, 8192, ConfigDef.Range.atLeast(1), Importance.LOW,
        "Records a task holds for poll() before the shard streams wait.", TUNING, ++o, Width.SHORT,
        "Max queue size");
    d.define(MAX_BATCH_SIZE, Type.INT, 2048, ConfigDef.Range.atLeast(1), Importance.LOW,
        "Records one poll() returns at most.", TUNING, ++o, Width.SHORT, "Max batch size");
    d.define(POLL_INTERVAL_MS, Type.LONG, 500L, ConfigDef.Range.between(1, 60_000), Importance.LOW,
        "How long poll() waits for records before returning none.", TUNING, ++o, Width.SHORT, "Poll interval (ms)");
    d.define(RETRY_MAX_ATTEMPTS, Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.LOW,
        "Attempts in all to reconnect a shard's stream after a transient failure; the count starts over when the"
            + " stream makes progress. Then the task fails.", TUNING, ++o, Width.SHORT, "Retry attempts");
    d.define(RETRY_INITIAL_BACKOFF_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
        "The wait before the first retry, in ms; it doubles with each retry.", TUNING, ++o, Width.SHORT,
        "Retry initial backoff (ms)");
    d.define(RETRY_MAX_BACKOFF_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
        "The longest wait between retries, in ms (at least " + RETRY_INITIAL_BACKOFF_MS + ").", TUNING, ++o,
        Width.SHORT, "Retry max backoff (ms)");
    d.defineInternal(TASK_SHARDS, Type.LIST, "", Importance.LOW);
    return d;
  }

  /** @return the connection settings, starting GTIDs included; TLS with verification unless plaintext is set */
  PlanetScaleSource source() {
    Password password = getPassword(PASSWORD);
    return PlanetScaleSource.builder()
        .host(getString(HOST).strip())
        .database(getString(DATABASE).strip())
        .username(getString(USERNAME))
        .password(password == null ? "" : password.value())
        .shards(shards())
        .useReplica(tabletType() == TabletType.REPLICA)
        .useRdonly(tabletType() == TabletType.BATCH)
        .startingGtids(ConfigValidators.startingGtids(getString(STARTING_GTIDS)))
        .doNotTreatTinyIntAsBoolean(!getBoolean(TINYINT_AS_BOOLEAN))
        .plaintext(getBoolean(PLAINTEXT))
        .trustedCertificatesPem(getString(TRUSTED_CERTIFICATES_PEM))
        .build();
  }

  /** @return every table and column selected, the excluded tables left out, tinyint(1) per the config */
  DiscoverSettings discoverSettings() {
    return new DiscoverSettings(true, names(TABLES_EXCLUDE), true, getBoolean(TINYINT_AS_BOOLEAN));
  }

  /** @return the tables to stream, or empty for every table not excluded */
  List<String> tables() {
    List<String> tables = new ArrayList<>(names(TABLES));
    tables.removeAll(names(TABLES_EXCLUDE));
    return tables;
  }

  /** @return the configured shards, or empty for every shard */
  List<String> shards() {
    return names(SHARDS);
  }

  /** @return the shards a task streams (task configs only) */
  List<String> taskShards() {
    return names(TASK_SHARDS);
  }

  TabletType tabletType() {
    return TabletType.parse(getString(TABLET_TYPE));
  }

  SnapshotMode snapshotMode() {
    return SnapshotMode.parse(getString(SNAPSHOT_MODE));
  }

  ChangeEventSettings eventSettings() {
    return new ChangeEventSettings(getString(TOPIC_PREFIX).strip(), getBoolean(TOMBSTONES_ON_DELETE));
  }

  /** @return {@code <topic.prefix>.heartbeat} */
  String heartbeatTopic() {
    return getString(TOPIC_PREFIX).strip() + ".heartbeat";
  }

  /**
   * @return retries and heartbeats as configured
   * @throws org.apache.kafka.common.config.ConfigException if the backoffs are out of order
   */
  ConnectOptions connectOptions() {
    long initial = getLong(RETRY_INITIAL_BACKOFF_MS);
    long max = getLong(RETRY_MAX_BACKOFF_MS);
    if (max < initial) {
      throw new org.apache.kafka.common.config.ConfigException(RETRY_MAX_BACKOFF_MS, max,
          "must be at least " + RETRY_INITIAL_BACKOFF_MS + " (" + initial + ")");
    }
    RetryPolicy retry = new RetryPolicy(getInt(RETRY_MAX_ATTEMPTS), Duration.ofMillis(initial),
        Duration.ofMillis(max), 0.2);
    return ConnectOptions.builder().retryPolicy(retry)
        .heartbeatInterval(Duration.ofMillis(getLong(HEARTBEAT_INTERVAL_MS))).build();
  }

  Duration shardPollInterval() {
    return Duration.ofMillis(getLong(SHARD_POLL_INTERVAL_MS));
  }

  int maxTransactionRecords() {
    return getInt(MAX_TRANSACTION_RECORDS);
  }

  int maxQueueSize() {
    return getInt(MAX_QUEUE_SIZE);
  }

  int maxBatchSize() {
    return getInt(MAX_BATCH_SIZE);
  }

  Duration pollInterval() {
    return Duration.ofMillis(getLong(POLL_INTERVAL_MS));
  }

  private List<String> names(String key) {
    List<String> names = new ArrayList<>();
    for (String n : getList(key)) {
      String name = n.strip();
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
