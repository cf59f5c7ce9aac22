package io.planetscale.cdc.examples.airbyte;

import static io.planetscale.cdc.examples.airbyte.Messages.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector specification: the configuration keys of the Go airbyte-source (reference §4.1)
 * plus this SDK's {@code transport} and {@code binlog_row_image}, and its {@code plaintext}, {@code port}
 * and {@code trusted_certificates_pem}, which are for testing and self-hosted Vitess only; and the keys of a
 * PlanetScale Postgres config ({@link PostgresConfig}), selected by {@code "source_type": "postgres"}: one flat
 * spec documenting both, rather than a {@code oneOf}, because the Vitess config has no discriminator to branch
 * on and must keep working unchanged. Each description says which of the two a key is for.
 */
final class Spec {
  private Spec() {}

  static Map<String, Object> spec() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("host", prop("string", "Host", "The host name of the database, e.g. aws.connect.psdb.cloud.", 0));
    p.put("database", prop("string", "Database", "The PlanetScale database (keyspace) name.", 1));
    p.put("username", prop("string", "Username", "The username of the database branch password.", 2));
    Map<String, Object> password = prop("string", "Password", "The password of the database branch.", 3);
    password.put("airbyte_secret", true);
    p.put("password", password);
    p.put("use_replica", withDefault(prop("boolean", "Use replica?",
        "Read from replica tablets instead of the primary.", 4), false));
    p.put("use_rdonly", withDefault(prop("boolean", "Use read-only replica?",
        "Read from rdonly tablets (wins over use_replica).", 5), false));
    p.put("shards", prop("string", "Shards",
        "Comma separated list of shards you'd like to sync, by default all shards are synced.", 6));
    p.put("starting_gtids", withDefault(prop("string", "Starting GTIDs",
        "A JSON string containing start GTIDs for every { keyspace: { shard: starting_gtid } }. Used for streams"
            + " without saved state; a saved cursor of an incremental stream always wins.", 7), ""));
    p.put("max_retries", withDefault(prop("integer", "Max retries",
        "How many times a failed read of a shard is attempted.", 8), 3));
    Map<String, Object> timeout = withDefault(prop("integer", "Timeout (in seconds)",
        "The longest read window of one sync call, in seconds.", 9), 300);
    timeout.put("minimum", 1);
    p.put("timeout_seconds", timeout);
    p.put("use_gtid_with_table_pks", withDefault(prop("boolean", "Use GTID with table primary keys",
        "Accepted for compatibility: an interrupted copy always resumes with its position and its last primary key.",
        10), false));
    Map<String, Object> options = prop("object", "Options", "Value serialization options.", 11);
    options.put("properties", map("do_not_treat_tiny_int_as_boolean", withDefault(prop("boolean",
        "Do not treat tinyint(1) as boolean", "Emit tinyint(1) columns as integers instead of booleans.", 0), false)));
    p.put("options", options);
    // No default here: leaving it out means the SDK client's default transport, whichever that is.
    Map<String, Object> transport = prop("string", "Transport",
        "The protocol that reads changes: \"vstream\" (Vitess VStream, what PlanetScale's own connectors use) or"
            + " \"psdbconnect\" (PlanetScale's older Connect API). Leave it out for the SDK client's default."
            + " State from one resumes with the other.", 12);
    transport.put("enum", List.of("vstream", "psdbconnect"));
    p.put("transport", transport);
    Map<String, Object> rowImage = withDefault(prop("string", "Binlog row image",
        "The database's MySQL binlog_row_image: \"full\" (PlanetScale's default), \"noblob\" or \"minimal\"."
            + " Set it when the database is configured with noblob or minimal, so that a column the server did not"
            + " log in a previous image is reported absent instead of NULL. Only the vstream transport uses it.", 13),
        "full");
    rowImage.put("enum", List.of("full", "noblob", "minimal"));
    p.put("binlog_row_image", rowImage);
    p.put("plaintext", withDefault(prop("boolean", "Plaintext (testing/self-hosted only)",
        "For testing or self-hosted Vitess only: connect without TLS. Never use it with PlanetScale.", 14), false));
    Map<String, Object> port = prop("integer", "Port",
        "PlanetScale Postgres: the server's port (default 5432, the direct port; replication does not work through"
            + " PgBouncer). PlanetScale (Vitess): for testing or self-hosted Vitess only, the port when not 443 (gRPC)"
            + " / 3306 (MySQL).", 15);
    port.put("minimum", 1);
    port.put("maximum", 65535);
    p.put("port", port);
    Map<String, Object> pem = prop("string", "Trusted certificates (testing/self-hosted only)",
        "PEM certificates to trust instead of the default trust store: for self-hosted Vitess or tests, or a"
            + " Postgres server with a private CA (the same as ssl_mode.ca_certificate).", 16);
    pem.put("multiline", true);
    p.put("trusted_certificates_pem", pem);

    postgres(p);

    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("$schema", "http://json-schema.org/draft-07/schema#");
    connection.put("title", "PlanetScale Source Spec");
    connection.put("type", "object");
    connection.put("required", List.of("host", "database", "username", "password"));
    connection.put("additionalProperties", true);
    connection.put("properties", p);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("documentationUrl", "https://planetscale.com/docs/integrations/airbyte");
    spec.put("connectionSpecification", connection);
    spec.put("supportsIncremental", true);
    spec.put("supported_destination_sync_modes", List.of("overwrite", "append", "append_dedup"));
    return spec;
  }

  /** The keys only a PlanetScale Postgres config has (Airbyte source-postgres's names). */
  private static void postgres(Map<String, Object> p) {
    Map<String, Object> type = prop("string", "Source type",
        "\"postgres\" for PlanetScale Postgres (then host, port, database, username, password, schemas, ssl_mode and"
            + " replication_method apply); leave it out for PlanetScale (Vitess).", 20);
    type.put("enum", List.of(PostgresConfig.POSTGRES));
    p.put(PostgresConfig.SOURCE_TYPE, type);
    Map<String, Object> schemas = withDefault(prop("array", "Schemas (Postgres)",
        "The schemas whose tables are discovered. Several are read through the publication, which must then"
            + " exist and hold their tables.", 21), List.of("public"));
    schemas.put("items", map("type", "string"));
    schemas.put("minItems", 1);
    schemas.put("uniqueItems", true);
    p.put("schemas", schemas);
    Map<String, Object> sslMode = withDefault(prop("object", "SSL mode (Postgres)",
        "\"verify-full\": TLS with the certificate and host name verified, against the default trust store or"
            + " ca_certificate; \"disable\": plaintext, for local servers only.", 22), map("mode", "verify-full"));
    Map<String, Object> mode = map("type", "string", "enum", List.of("verify-full", "disable"));
    Map<String, Object> ca = map("type", "string", "title", "CA certificate",
        "description", "PEM certificates to trust instead of the default trust store.", "multiline", true);
    sslMode.put("properties", map("mode", mode, "ca_certificate", ca));
    sslMode.put("required", List.of("mode"));
    p.put("ssl_mode", sslMode);
    Map<String, Object> method = prop("object", "Replication method (Postgres)",
        "Logical replication (CDC) from a replication slot and a publication, decoded from pgoutput.", 23);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", map("type", "string", "enum", List.of("CDC"), "default", "CDC"));
    m.put("replication_slot", map("type", "string", "title", "Replication slot", "description",
        "The logical replication slot (pgoutput) that the reads continue."));
    m.put("publication", map("type", "string", "title", "Publication", "description",
        "The publication whose tables are streamed."));
    m.put("plugin", map("type", "string", "enum", List.of("pgoutput"), "default", "pgoutput"));
    m.put("create_if_missing", map("type", "boolean", "default", false, "title", "Create if missing",
        "description", "Create the slot (and the publication, for the selected tables) when missing; add selected"
            + " tables the publication lacks."));
    m.put("failover_slot", map("type", "boolean", "default", true, "title", "Failover slot",
        "description", "Create the slot as a failover slot (PostgreSQL 17+), so that PlanetScale's failover keeps"
            + " it. Turn off only for PostgreSQL 16 and below."));
    m.put("invalid_cdc_cursor_position_behavior", map("type", "string", "enum", List.of("Fail sync",
        "Re-sync data"), "default", "Fail sync", "title", "Invalid CDC position behavior", "description",
        "When the slot can no longer continue a stream's saved position: fail, or snapshot the stream again."));
    method.put("properties", m);
    method.put("required", List.of("method", "replication_slot", "publication"));
    p.put("replication_method", method);
  }

  private static Map<String, Object> prop(String type, String title, String description, int order) {
    return map("type", type, "title", title, "description", description, "order", order);
  }

  private static Map<String, Object> withDefault(Map<String, Object> prop, Object value) {
    prop.put("default", value);
    return prop;
  }
}
