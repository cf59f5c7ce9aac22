package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.Transport;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The validators of {@link ConnectorConfig}'s keys whose values the SDK parses. */
final class ConfigValidators {
  private ConfigValidators() {}

  static final ConfigDef.Validator TABLET_TYPE = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        TabletType.parse((String) value);
      } catch (PlanetScaleCdcException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "primary, replica, rdonly";
    }
  };

  static final ConfigDef.Validator TRANSPORT = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      Transport t;
      try {
        t = Transport.fromConfig(name, (String) value);
      } catch (PlanetScaleCdcException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
      if (t != Transport.VSTREAM) {
        throw new ConfigException(name, value, "the connector streams keyspaces over VStream only; remove "
            + name + " or set \"vstream\"");
      }
    }

    @Override
    public String toString() {
      return "vstream";
    }
  };

  static final ConfigDef.Validator SNAPSHOT_MODE = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        SnapshotMode.parse((String) value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "initial, never, when_needed";
    }
  };

  static final ConfigDef.Validator STARTING_GTIDS = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        startingGtids((String) value);
      } catch (PlanetScaleCdcException e) {
        throw new ConfigException(name + ": " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "JSON {\"<keyspace>\":{\"<shard>\":\"<gtid>\"}}";
    }
  };

  /** Kafka's legal topic characters; the prefix plus {@code .<keyspace>.<table>} must stay a legal name. */
  static final ConfigDef.Validator TOPIC_PREFIX = new ConfigDef.Validator() {
    @Override
    public void ensureValid(String name, Object value) {
      String prefix = value == null ? "" : ((String) value).strip();
      if (prefix.isEmpty()) {
        throw new ConfigException(name, value, "must not be empty");
      }
      if (!prefix.matches("[a-zA-Z0-9._-]+")) {
        throw new ConfigException(name, value, "may contain only ASCII letters, digits, '.', '_' and '-'");
      }
      if (prefix.length() > 200) {
        throw new ConfigException(name, value, "is longer than 200 characters; topic names end at 249");
      }
    }

    @Override
    public String toString() {
      return "letters, digits, '.', '_', '-'";
    }
  };

  /**
   * Parses {@code planetscale.starting.gtids} as the SDK reads the command lines' {@code starting_gtids}.
   *
   * @param json the value, or null/blank for none
   * @return keyspace → shard → GTID position
   * @throws io.planetscale.cdc.ConfigurationException saying what is wrong (never showing other config values)
   */
  static Map<String, Map<String, String>> startingGtids(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    String doc = "{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":" + quote(json) + "}";
    return PlanetScaleSource.fromJson(doc).startingGtids();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
