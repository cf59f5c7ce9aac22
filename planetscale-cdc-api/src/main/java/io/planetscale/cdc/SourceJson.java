package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@link PlanetScaleSource}: the Go/Airbyte configuration keys (reference §4.1) plus this
 * SDK's {@code plaintext}, {@code port} and {@code trusted_certificates_pem}.
 *
 * <p>The document holds the password, so it is parsed with {@link JsonTree#parseSensitive}, the
 * password is marked {@link JsonValue#secret()}, and no other value that holds it is quoted
 * ({@link JsonValue#hiding}): no error message ever quotes it.
 */
final class SourceJson {

  private static final String WHAT = "config";

  private SourceJson() {}

  /**
   * Reads a configuration. Absent or null keys take the Airbyte defaults; unknown keys are ignored.
   *
   * @param json the configuration JSON
   * @return the source
   * @throws ConfigurationException naming the key that is missing or wrong
   */
  static PlanetScaleSource read(String json) {
    JsonValue parsed = JsonValue.root(WHAT, JsonTree.parseSensitive(WHAT, json));
    JsonValue password = parsed.isObject() ? parsed.get("password") : null;
    return read(parsed.hiding(password != null && password.isString() ? (String) password.raw() : ""));
  }

  private static PlanetScaleSource read(JsonValue root) {
    if (!root.isNull() && !root.isObject()) {
      throw root.expected("an object");
    }
    JsonValue options = root.get("options");
    if (!options.isNull() && !options.isObject()) {
      throw options.expected("an object");
    }
    return PlanetScaleSource.builder()
        .host(required(root.get("host")))
        .database(required(root.get("database")))
        .username(root.get("username").asString(""))
        .password(root.get("password").secret().asString(""))
        .shards(readShards(root.get("shards")))
        .useReplica(root.get("use_replica").asLenientBoolean(false))
        .useRdonly(root.get("use_rdonly").asLenientBoolean(false))
        .startingGtids(readStartingGtids(root.get("starting_gtids")))
        .timeoutSeconds(root.get("timeout_seconds").asInt(PlanetScaleSource.DEFAULT_TIMEOUT_SECONDS))
        .maxRetries(root.get("max_retries").asInt(PlanetScaleSource.DEFAULT_MAX_RETRIES))
        .useGtidWithTablePks(root.get("use_gtid_with_table_pks").asLenientBoolean(false))
        .doNotTreatTinyIntAsBoolean(options.get("do_not_treat_tiny_int_as_boolean").asLenientBoolean(false))
        .plaintext(root.get("plaintext").asLenientBoolean(false))
        .port(root.get("port").asInt(0))
        .trustedCertificatesPem(root.get("trusted_certificates_pem").asString(null))
        .build();
  }

  private static String required(JsonValue value) {
    String text = value.asString("");
    if (text.isBlank()) {
      throw value.error("is required");
    }
    return text;
  }

  /**
   * Shards as a comma-separated string (Go/Airbyte) or a JSON array. Entries are trimmed and empty
   * ones dropped; Go kept them, which made a trailing comma select a shard named {@code ""} (7.S-14).
   */
  private static List<String> readShards(JsonValue value) {
    List<String> raw;
    if (value.isArray()) {
      raw = value.asStringList(false);
    } else {
      raw = List.of(value.asString("").split(",", -1));
    }
    List<String> shards = new ArrayList<>();
    for (String s : raw) {
      String trimmed = s.trim();
      if (!trimmed.isEmpty() && !shards.contains(trimmed)) {
        shards.add(trimmed);
      }
    }
    return shards;
  }

  /**
   * {@code starting_gtids}: a JSON string holding {@code {"<keyspace>":{"<shard>":"<gtid>"}}} (Airbyte),
   * or that object itself. A blank string means none.
   */
  private static Map<String, Map<String, String>> readStartingGtids(JsonValue value) {
    if (!value.isString()) {
      if (!value.isNull() && !value.isObject()) {
        throw value.expected("a JSON string or an object of {\"<keyspace>\":{\"<shard>\":\"<gtid>\"}}");
      }
      return gtidMap(value);
    }
    String text = ((String) value.raw()).trim();
    if (text.isEmpty()) {
      return Map.of();
    }
    String inner = "starting_gtids";
    try {
      // Still the config: the password stays out of messages about the nested document too.
      JsonValue parsed = JsonValue.root(inner, JsonTree.parseSensitive(inner, text)).hiding(value.hidden());
      if (!parsed.isObject()) {
        throw parsed.expected("an object of {\"<keyspace>\":{\"<shard>\":\"<gtid>\"}}");
      }
      return gtidMap(parsed);
    } catch (ConfigurationException e) {
      // Airbyte's wording (reference 4.7), with the reason instead of the raw text.
      String reason = e.getMessage().startsWith(inner + ": ")
          ? e.getMessage().substring(inner.length() + 2) : e.getMessage();
      throw value.error("cannot parse starting gtids: " + reason);
    }
  }

  private static Map<String, Map<String, String>> gtidMap(JsonValue gtids) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> keyspace : gtids.fields().entrySet()) {
      Map<String, String> byShard = new LinkedHashMap<>();
      for (Map.Entry<String, JsonValue> shard : keyspace.getValue().fields().entrySet()) {
        byShard.put(shard.getKey(), shard.getValue().requireString());
      }
      out.put(keyspace.getKey(), Collections.unmodifiableMap(byShard));
    }
    return out;
  }

  /**
   * Writes the configuration: every Go/Airbyte key in spec.json order, then this SDK's keys when
   * they differ from their defaults. {@code starting_gtids} is written as a JSON string, as Airbyte
   * expects, {@code ""} when there are none.
   *
   * @param source the source
   * @return compact JSON, password included
   */
  static String write(PlanetScaleSource source) {
    JsonOutput out = new JsonOutput().startObject()
        .field("host", source.host())
        .field("database", source.database())
        .field("username", source.username())
        .field("password", source.password())
        .field("use_replica", source.useReplica())
        .field("use_rdonly", source.useRdonly())
        .field("shards", String.join(",", source.shards()))
        .field("starting_gtids", startingGtidsText(source.startingGtids()))
        .field("max_retries", source.maxRetries())
        .field("timeout_seconds", source.timeoutSeconds())
        .field("use_gtid_with_table_pks", source.useGtidWithTablePks());
    out.name("options").startObject()
        .field("do_not_treat_tiny_int_as_boolean", source.doNotTreatTinyIntAsBoolean())
        .endObject();
    out.optional("plaintext", source.plaintext());
    if (source.port() != 0) {
      out.field("port", source.port());
    }
    out.optional("trusted_certificates_pem", source.trustedCertificatesPem());
    return out.endObject().finish();
  }

  private static String startingGtidsText(Map<String, Map<String, String>> gtids) {
    if (gtids.isEmpty()) {
      return "";
    }
    JsonOutput out = new JsonOutput().startObject();
    for (Map.Entry<String, Map<String, String>> keyspace : gtids.entrySet()) {
      out.name(keyspace.getKey()).startObject();
      keyspace.getValue().forEach(out::field);
      out.endObject();
    }
    return out.endObject().finish();
  }
}
