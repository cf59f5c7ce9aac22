package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.postgres.PostgresClient;
import io.planetscale.cdc.postgres.PostgresSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Airbyte config of a PlanetScale Postgres database, with the keys of Airbyte's {@code source-postgres}
 * where they mean the same here: {@code host}, {@code port} (5432), {@code database}, {@code username},
 * {@code password}, {@code schemas} (default {@code ["public"]}; {@code schema}, one name, is accepted too),
 * {@code ssl_mode} ({@code {"mode":"verify-full"}}, the default, optionally with {@code ca_certificate}, or
 * {@code {"mode":"disable"}}, plaintext; a plain string is accepted too), {@code replication_method}
 * ({@code {"method":"CDC","replication_slot":..,"publication":..}} plus this source's {@code create_if_missing}
 * and {@code failover_slot}; {@code invalid_cdc_cursor_position_behavior} {@code "Re-sync data"} snapshots a
 * stream again when the slot cannot continue its position), and the Vitess config's
 * {@code trusted_certificates_pem}.
 *
 * <p>A config is a Postgres one when {@code "source_type": "postgres"}: the key Airbyte's own API uses to say
 * which connector a config is for. It is explicit, not guessed from the other keys, because both configs share
 * host, database, username and password: a guess that went wrong would send the password to the other kind of
 * server, where an explicit key makes the mistake an error naming it.
 *
 * @param source where to connect; with several schemas it names the publication, which discovery then reads
 * @param schemas the schemas whose tables are discovered, the first one the source's
 * @param slot the replication slot
 * @param publication the publication streamed
 * @param createIfMissing whether a missing slot or publication is created (a publication lacking a table is
 *     completed)
 * @param failoverSlot whether a created slot is a failover slot
 * @param resyncOnInvalidCursor whether a stream whose position the slot cannot continue is snapshotted again
 *     (else the read fails)
 * @param warnings what the config asks that this source ignores, one sentence each
 */
record PostgresConfig(PostgresSource source, List<String> schemas, String slot, String publication,
    boolean createIfMissing, boolean failoverSlot, boolean resyncOnInvalidCursor, List<String> warnings) {

  /** The key that says which database the config is for. */
  static final String SOURCE_TYPE = "source_type";
  /** Its value for PlanetScale Postgres. */
  static final String POSTGRES = "postgres";

  private static final String METHOD = "replication_method";
  private static final String SSL = "ssl_mode";
  // Keys of source-postgres's CDC method that tune Debezium; this source has no counterpart.
  private static final List<String> IGNORED_CDC_KEYS = List.of("initial_waiting_seconds", "queue_size",
      "lsn_commit_behaviour", "heartbeat_action_query", "initial_load_timeout_hours");

  /**
   * @param root the config's JSON object
   * @return true when it is a Postgres config ({@code "source_type": "postgres"}); false when it has no
   *     {@code source_type} (a PlanetScale Vitess config)
   * @throws ConfigurationException if {@code source_type} has another value
   */
  static boolean isPostgres(Map<String, Object> root) {
    Object type = root.get(SOURCE_TYPE);
    if (type == null) {
      return false;
    }
    if (POSTGRES.equals(type)) {
      return true;
    }
    throw new ConfigurationException(SOURCE_TYPE + ": expected \"" + POSTGRES + "\" (PlanetScale Postgres), or"
        + " leave it out for PlanetScale (Vitess); got " + Json.write(type));
  }

  /**
   * @param root the config's JSON object (its {@code source_type} is {@code postgres})
   * @return the config
   * @throws ConfigurationException naming the key that is missing or wrong
   */
  static PostgresConfig parse(Map<String, Object> root) {
    List<String> warnings = new ArrayList<>();
    PostgresSource.Builder b = PostgresSource.newBuilder()
        .host(Json.text("host", root.get("host")))
        .database(Json.text("database", root.get("database")))
        .user(Json.text("username", root.get("username")));
    Object password = root.get("password");
    if (password != null && !(password instanceof String)) {
      throw new ConfigurationException("password must be a string");
    }
    b.password((String) password);
    if (root.get("port") != null) {
      b.port(port(root.get("port")));
    }
    List<String> schemas = schemas(root);
    b.schema(schemas.get(0));
    tls(root, b);
    Map<String, Object> method = Json.object(METHOD + " (expected {\"method\":\"CDC\",\"replication_slot\":..,"
        + "\"publication\":..})", root.get(METHOD));
    if (!"CDC".equals(method.get("method"))) {
      throw new ConfigurationException(METHOD + ".method: only \"CDC\" (logical replication) is supported, got "
          + (method.get("method") == null ? "none" : Json.write(method.get("method"))));
    }
    Object plugin = method.get("plugin");
    if (plugin != null && !"pgoutput".equals(plugin)) {
      throw new ConfigurationException(METHOD + ".plugin: only \"pgoutput\" is supported, got " + Json.write(plugin));
    }
    String slot = Json.text(METHOD + ".replication_slot", method.get("replication_slot"));
    String publication = Json.text(METHOD + ".publication", method.get("publication"));
    boolean resync = invalidCursorBehaviour(method.get("invalid_cdc_cursor_position_behavior"));
    boolean create = flag(method, "create_if_missing", false);
    boolean failover = flag(method, "failover_slot", true);
    for (String key : IGNORED_CDC_KEYS) {
      if (method.containsKey(key)) {
        warnings.add(METHOD + "." + key + " tunes Debezium in Airbyte's source-postgres and is ignored here");
      }
    }
    Object tunnel = root.get("tunnel_method");
    if (tunnel != null && !"NO_TUNNEL".equals(Json.object("tunnel_method", tunnel).get("tunnel_method"))) {
      throw new ConfigurationException("tunnel_method: SSH tunnels are not supported; connect directly (leave"
          + " tunnel_method out or set {\"tunnel_method\":\"NO_TUNNEL\"})");
    }
    Object params = root.get("jdbc_url_params");
    if (params instanceof String s && !s.isBlank()) {
      warnings.add("jdbc_url_params is not supported and is ignored");
    }
    if (schemas.size() > 1) {
      // Streams of other schemas than the source's are only found through a publication (PostgresCatalog).
      b.publication(publication);
    }
    PostgresSource source = b.build();
    PostgresClient.builder(source).slotName(slot).build(); // a bad slot name fails here, before connecting
    return new PostgresConfig(source, schemas, slot, publication, create, failover, resync, List.copyOf(warnings));
  }

  /** @return a client for the config's source, slot and publication */
  PostgresClient client() {
    return PostgresClient.builder(source).slotName(slot).publicationName(publication)
        .createIfMissing(createIfMissing).failoverSlot(failoverSlot).build();
  }

  private static int port(Object value) {
    if (value instanceof Long n && n >= 1 && n <= 65535) {
      return n.intValue();
    }
    throw new ConfigurationException("port must be an integer from 1 to 65535 (PostgreSQL: "
        + PostgresSource.DEFAULT_PORT + "), got " + Json.write(value));
  }

  private static List<String> schemas(Map<String, Object> root) {
    Object list = root.get("schemas");
    Object one = root.get("schema");
    if (list != null && one != null) {
      throw new ConfigurationException("schemas and schema are both given: use one (schemas: a list of names)");
    }
    if (one != null) {
      return List.of(Json.text("schema", one));
    }
    if (list == null) {
      return List.of(PostgresSource.DEFAULT_SCHEMA);
    }
    List<Object> names = Json.array("schemas", list);
    if (names.isEmpty()) {
      throw new ConfigurationException("schemas is empty: name at least one schema (default [\"public\"])");
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(Json.text("schemas[" + i + "]", names.get(i)));
    }
    return List.copyOf(out);
  }

  private static void tls(Map<String, Object> root, PostgresSource.Builder b) {
    Object ssl = root.get(SSL);
    Map<String, Object> options = ssl instanceof Map<?, ?> ? Json.object(SSL, ssl) : Map.of();
    Object mode = ssl instanceof String ? ssl : options.get("mode");
    if (ssl != null && mode == null) {
      throw new ConfigurationException(SSL + " must be \"verify-full\", \"disable\" or an object with such a"
          + " \"mode\", got " + Json.write(ssl));
    }
    for (String key : List.of("client_certificate", "client_key", "client_key_password")) {
      if (options.get(key) != null) {
        throw new ConfigurationException(SSL + "." + key + ": client certificates are not supported; the server"
            + " authenticates the user by password");
      }
    }
    Object ca = options.get("ca_certificate");
    Object pem = root.get("trusted_certificates_pem");
    if (ca != null && pem != null) {
      throw new ConfigurationException(SSL + ".ca_certificate and trusted_certificates_pem are both given: use one");
    }
    String certificates = ca != null ? Json.text(SSL + ".ca_certificate", ca)
        : pem != null ? Json.text("trusted_certificates_pem", pem) : null;
    if (mode == null || "verify-full".equals(mode)) {
      b.trustedCertificatesPem(certificates);
    } else if ("disable".equals(mode)) {
      if (certificates != null) {
        throw new ConfigurationException(SSL + " is \"disable\" (plaintext) but certificates are given: they are"
            + " only used with \"verify-full\"; drop one of the two");
      }
      b.plaintext(true);
    } else {
      throw new ConfigurationException(SSL + ".mode " + Json.write(mode) + " is not supported: use \"verify-full\""
          + " (the default: the certificate and host name are verified; give ca_certificate to trust a private CA)"
          + " or \"disable\" (plaintext, for local servers only)");
    }
  }

  private static boolean invalidCursorBehaviour(Object value) {
    if (value == null || "Fail sync".equals(value)) {
      return false;
    }
    if ("Re-sync data".equals(value)) {
      return true;
    }
    throw new ConfigurationException(METHOD + ".invalid_cdc_cursor_position_behavior must be \"Fail sync\" or"
        + " \"Re-sync data\", got " + Json.write(value));
  }

  private static boolean flag(Map<String, Object> method, String key, boolean otherwise) {
    Object value = method.get(key);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ConfigurationException(METHOD + "." + key + " must be true or false, got " + Json.write(value));
  }
}
