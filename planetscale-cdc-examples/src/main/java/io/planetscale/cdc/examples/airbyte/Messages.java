package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.internal.Redaction;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes Airbyte protocol messages to stdout, one compact JSON object per line, and nothing else.
 * Messages that carry free text (LOG, TRACE, CONNECTION_STATUS) never contain a credential: the
 * text goes through {@link Redaction}, which cuts out URL user info, password fields, authorization
 * headers and the configured password where it stands as a whole token. Thread-safe.
 */
final class Messages {
  /** Log levels of LOG messages. */
  enum Level { INFO, WARN, ERROR }

  private static final String PREFIX = "PlanetScale Source :: ";
  private final PrintStream out;
  private volatile String secret = "";

  Messages(PrintStream out) {
    this.out = out;
  }

  /** @param password the configured password, for {@link Redaction#redact} */
  void redact(String password) {
    secret = password == null ? "" : password;
  }

  /** @return the text with every credential replaced by {@code <redacted>}; "" for null */
  String scrub(String text) {
    return text == null ? "" : Redaction.redact(text, secret);
  }

  void log(Level level, String message) {
    emit(map("type", "LOG", "log", map("level", level.name(), "message", PREFIX + scrub(message))));
  }

  /**
   * A TRACE error message, Airbyte's structured failure report.
   *
   * @param message the one-line reason
   * @param configError true when the user's input is at fault ({@code config_error}), else {@code system_error}
   */
  void traceError(String message, boolean configError) {
    Map<String, Object> error = map("message", scrub(message), "internal_message", scrub(message),
        "failure_type", configError ? "config_error" : "system_error");
    emit(map("type", "TRACE", "trace", map("type", "ERROR", "emitted_at", System.currentTimeMillis(),
        "error", error)));
  }

  void connectionStatus(boolean succeeded, String message) {
    emit(map("type", "CONNECTION_STATUS", "connectionStatus",
        map("status", succeeded ? "SUCCEEDED" : "FAILED", "message", scrub(message))));
  }

  void spec(Map<String, Object> spec) {
    emit(map("type", "SPEC", "spec", spec));
  }

  void catalog(List<Map<String, Object>> streams) {
    emit(map("type", "CATALOG", "catalog", map("streams", streams)));
  }

  void record(String stream, String namespace, long emittedAt, Map<String, Object> data) {
    emit(map("type", "RECORD", "record",
        map("stream", stream, "namespace", namespace, "emitted_at", emittedAt, "data", data)));
  }

  /** @param streams {@code <namespace>:<table>} → shard → serialized cursor */
  void state(Map<String, Map<String, String>> streams) {
    Map<String, Object> byStream = new LinkedHashMap<>();
    streams.forEach((key, shards) -> {
      Map<String, Object> cursors = new LinkedHashMap<>();
      shards.forEach((shard, cursor) -> cursors.put(shard, map("cursor", cursor)));
      byStream.put(key, map("shards", cursors));
    });
    emit(map("type", "STATE", "state", map("data", map("streams", byStream))));
    flush();
  }

  synchronized void flush() {
    out.flush();
  }

  private synchronized void emit(Map<String, Object> message) {
    out.print(Json.write(message));
    out.print('\n');
  }

  /** @return an insertion-ordered map of the given key/value pairs */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
