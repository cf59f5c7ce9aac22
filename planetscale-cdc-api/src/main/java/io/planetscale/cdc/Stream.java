package io.planetscale.cdc;

import java.util.List;
import java.util.Objects;

/**
 * One table of a {@link Catalog}: its schema, metadata (selection, replication method) and keys.
 * JSON names follow singer-tap: {@code type}, {@code stream}, {@code tap_stream_id}, {@code schema},
 * {@code table-name}, {@code metadata}, {@code key_properties}, {@code bookmark_properties}.
 *
 * @param type the Singer message type: {@code ""} in a catalog, {@code "SCHEMA"} when announced before records
 * @param name the stream name (the table name); state is keyed by it
 * @param id the tap stream id, {@code "<database>:<table>"}
 * @param schema the JSON schema of the records
 * @param tableName the table name
 * @param metadata selection and replication settings
 * @param keyProperties the primary key columns, in key order (empty for a table without a key)
 * @param cursorProperties the bookmark properties (discover sets them to the primary key)
 */
public record Stream(
    String type,
    String name,
    String id,
    StreamSchema schema,
    String tableName,
    MetadataCollection metadata,
    List<String> keyProperties,
    List<String> cursorProperties) {

  /**
   * Validates the components; {@code null} strings become {@code ""}, {@code null} lists empty.
   *
   * @param type the Singer message type: {@code ""} in a catalog, {@code "SCHEMA"} when announced before records
   * @param name the stream name (the table name); state is keyed by it
   * @param id the tap stream id, {@code "<database>:<table>"}
   * @param schema the JSON schema of the records
   * @param tableName the table name
   * @param metadata selection and replication settings
   * @param keyProperties the primary key columns, in key order (empty for a table without a key)
   * @param cursorProperties the bookmark properties (discover sets them to the primary key)
   */
  public Stream {
    type = type == null ? "" : type;
    Objects.requireNonNull(name, "name");
    id = id == null ? "" : id;
    Objects.requireNonNull(schema, "schema");
    tableName = tableName == null ? "" : tableName;
    Objects.requireNonNull(metadata, "metadata");
    keyProperties = keyProperties == null ? List.of() : List.copyOf(keyProperties);
    cursorProperties = cursorProperties == null ? List.of() : List.copyOf(cursorProperties);
  }

  /**
   * The table-level metadata entry (empty breadcrumb).
   *
   * @return the entry
   * @throws ConfigurationException naming the stream if it has none
   */
  public Metadata tableMetadata() {
    Metadata table = metadata.tableEntry();
    if (table == null) {
      throw new ConfigurationException("stream \"" + name
          + "\": unable to find table metadata (a metadata entry with an empty breadcrumb)");
    }
    return table;
  }

  /**
   * Whether the table metadata asks for an incremental sync ({@code replication-method: INCREMENTAL},
   * case-sensitive). False when there is no table metadata.
   *
   * @return true for an incremental stream
   */
  public boolean incrementalSyncRequested() {
    Metadata table = metadata.tableEntry();
    return table != null && NodeMetadata.INCREMENTAL.equals(table.metadata().replicationMethod());
  }

  /**
   * Whether the table metadata says {@code selected: true}.
   *
   * @return true if the stream is selected
   */
  public boolean isSelected() {
    Metadata table = metadata.tableEntry();
    return table != null && table.metadata().selected();
  }

  /**
   * A copy with another type ({@code "SCHEMA"} when announcing the stream).
   *
   * @param value the type
   * @return the copy
   */
  public Stream withType(String value) {
    return new Stream(value, name, id, schema, tableName, metadata, keyProperties, cursorProperties);
  }
}
