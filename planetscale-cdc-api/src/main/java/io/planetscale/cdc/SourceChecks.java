package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a {@link PlanetScaleSource}'s fields: which values are accepted (each failure a
 * {@link ConfigurationException} naming the field) and which configured shards a keyspace must have
 * ({@link io.planetscale.cdc.internal.HostPort} splits {@code host:port}).
 */
final class SourceChecks {
  private SourceChecks() {}

  /** The value trimmed; fails if it is null or blank. */
  static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(field + " is required");
    }
    return value.trim();
  }

  /** The shard names as an immutable list (none for null); fails on a blank name or one with spaces or commas. */
  static List<String> shardNames(List<String> shards) {
    List<String> copy = shards == null ? List.of() : new ArrayList<>(shards);
    for (String s : copy) {
      // A comma would split the name when the config is written and read back ("shards":"a,b").
      if (s == null || s.isBlank() || !s.equals(s.trim()) || s.contains(",")) {
        throw new ConfigurationException("shards: a shard name must be non-empty, without surrounding spaces"
            + " or commas, got " + (s == null ? "null" : "\"" + s + "\""));
      }
    }
    return List.copyOf(copy);
  }

  /** An unmodifiable copy of keyspace → shard → position; fails on a null key, map or position. */
  static Map<String, Map<String, String>> copyGtids(Map<String, Map<String, String>> gtids) {
    if (gtids == null || gtids.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    gtids.forEach((ks, byShard) -> {
      if (ks == null) {
        throw new ConfigurationException("starting_gtids: a keyspace name is null");
      }
      if (byShard == null) {
        throw new ConfigurationException("starting_gtids: keyspace \"" + ks + "\" has null instead of a map of"
            + " shard to position");
      }
      byShard.forEach((shard, position) -> {
        if (shard == null || position == null) {
          throw new ConfigurationException("starting_gtids: keyspace \"" + ks + "\" shard "
              + (shard == null ? "null" : "\"" + shard + "\"") + ": shard and position must not be null");
        }
      });
      copy.put(ks, Collections.unmodifiableMap(new LinkedHashMap<>(byShard)));
    });
    return Collections.unmodifiableMap(copy);
  }

  /** Fails unless the read window is positive, the attempts not negative and the port 0 to 65535. */
  static void checkLimits(int timeoutSeconds, int maxRetries, int port) {
    if (timeoutSeconds <= 0) {
      throw new ConfigurationException("timeout_seconds must be positive, was " + timeoutSeconds);
    }
    if (maxRetries < 0) {
      throw new ConfigurationException("max_retries must be >= 0, was " + maxRetries);
    }
    if (port < 0 || port > 65535) {
      throw new ConfigurationException("port must be between 1 and 65535 (0 for the default), was " + port);
    }
  }

  /**
   * The shards a first sync reads: the configured ones when there are some, each of which the
   * keyspace must have, else all of {@code availableShards}.
   */
  static List<String> chosenShards(List<String> configured, String keyspace, List<String> availableShards) {
    if (configured.isEmpty()) {
      return availableShards;
    }
    for (String s : configured) {
      if (!availableShards.contains(s)) {
        throw new ConfigurationException("shards: shard \"" + s + "\" does not exist on the source database;"
            + " keyspace \"" + keyspace + "\" has shards " + availableShards);
      }
    }
    return configured;
  }
}
