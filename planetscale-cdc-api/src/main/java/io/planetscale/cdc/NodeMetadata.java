package io.planetscale.cdc;

import java.util.List;

/**
 * Singer metadata of a table ({@code breadcrumb} empty) or of a column ({@code ["properties","<column>"]}).
 * JSON names follow singer-tap: {@code selected}, {@code replication-method}, {@code inclusion},
 * {@code table-key-properties}, {@code breadcrumb}, ...
 *
 * @param selected whether the user selected the table or column
 * @param replicationMethod {@code INCREMENTAL}, {@code FULL_TABLE}, or {@code null}
 * @param replicationKey unused by the SDK, kept for round trips ({@code null} when absent)
 * @param inclusion {@code available} or {@code automatic} (key columns), or {@code null}
 * @param selectedByDefault unused, kept for round trips
 * @param validReplicationKeys the primary key, on the table entry (empty when absent)
 * @param forcedReplicationMethod unused, kept for round trips
 * @param tableKeyProperties the primary key, on the table entry (empty when absent)
 * @param schemaName unused, kept for round trips
 * @param isView unused, kept for round trips
 * @param databaseName unused, kept for round trips
 * @param sqlDataType unused, kept for round trips
 * @param breadcrumb {@code []} for the table, {@code ["properties","<column>"]} for a column
 */
public record NodeMetadata(
    boolean selected,
    String replicationMethod,
    String replicationKey,
    String inclusion,
    boolean selectedByDefault,
    List<String> validReplicationKeys,
    String forcedReplicationMethod,
    List<String> tableKeyProperties,
    String schemaName,
    boolean isView,
    String databaseName,
    String sqlDataType,
    List<String> breadcrumb) {

  /** Inclusion of ordinary columns. */
  public static final String INCLUSION_AVAILABLE = "available";

  /** Inclusion of key columns: always synced. */
  public static final String INCLUSION_AUTOMATIC = "automatic";

  /** The replication method that makes a sync incremental. */
  public static final String INCREMENTAL = "INCREMENTAL";

  /**
   * Makes the lists unmodifiable; {@code null} lists become empty, empty strings {@code null}.
   *
   * @param selected whether the user selected the table or column
   * @param replicationMethod {@code INCREMENTAL}, {@code FULL_TABLE}, or {@code null}
   * @param replicationKey unused by the SDK, kept for round trips ({@code null} when absent)
   * @param inclusion {@code available} or {@code automatic} (key columns), or {@code null}
   * @param selectedByDefault unused, kept for round trips
   * @param validReplicationKeys the primary key, on the table entry (empty when absent)
   * @param forcedReplicationMethod unused, kept for round trips
   * @param tableKeyProperties the primary key, on the table entry (empty when absent)
   * @param schemaName unused, kept for round trips
   * @param isView unused, kept for round trips
   * @param databaseName unused, kept for round trips
   * @param sqlDataType unused, kept for round trips
   * @param breadcrumb {@code []} for the table, {@code ["properties","<column>"]} for a column
   */
  public NodeMetadata {
    replicationMethod = emptyToNull(replicationMethod);
    replicationKey = emptyToNull(replicationKey);
    inclusion = emptyToNull(inclusion);
    forcedReplicationMethod = emptyToNull(forcedReplicationMethod);
    schemaName = emptyToNull(schemaName);
    databaseName = emptyToNull(databaseName);
    sqlDataType = emptyToNull(sqlDataType);
    validReplicationKeys = validReplicationKeys == null ? List.of() : List.copyOf(validReplicationKeys);
    tableKeyProperties = tableKeyProperties == null ? List.of() : List.copyOf(tableKeyProperties);
    breadcrumb = breadcrumb == null ? List.of() : List.copyOf(breadcrumb);
  }

  /**
   * Table metadata as discover generates it.
   *
   * @param selected whether the table is selected
   * @param incremental whether to set {@code replication-method: INCREMENTAL}
   * @param keyProperties the primary key
   * @return the table entry
   */
  public static NodeMetadata forTable(boolean selected, boolean incremental, List<String> keyProperties) {
    return new NodeMetadata(selected, incremental ? INCREMENTAL : null, null, INCLUSION_AVAILABLE, false,
        keyProperties, null, keyProperties, null, false, null, null, List.of());
  }

  /**
   * Column metadata as discover generates it.
   *
   * @param column the column name
   * @param selected whether the column is selected
   * @param key whether the column is part of the primary key ({@code inclusion: automatic})
   * @return the column entry
   */
  public static NodeMetadata forColumn(String column, boolean selected, boolean key) {
    return new NodeMetadata(selected, null, null, key ? INCLUSION_AUTOMATIC : INCLUSION_AVAILABLE, false,
        null, null, null, null, false, null, null, List.of("properties", column));
  }

  /**
   * A copy with another {@code selected} flag.
   *
   * @param value the new flag
   * @return the copy
   */
  public NodeMetadata withSelected(boolean value) {
    return new NodeMetadata(value, replicationMethod, replicationKey, inclusion, selectedByDefault,
        validReplicationKeys, forcedReplicationMethod, tableKeyProperties, schemaName, isView, databaseName,
        sqlDataType, breadcrumb);
  }

  /**
   * A copy with another replication method.
   *
   * @param value {@code INCREMENTAL}, {@code FULL_TABLE} or {@code null}
   * @return the copy
   */
  public NodeMetadata withReplicationMethod(String value) {
    return new NodeMetadata(selected, value, replicationKey, inclusion, selectedByDefault,
        validReplicationKeys, forcedReplicationMethod, tableKeyProperties, schemaName, isView, databaseName,
        sqlDataType, breadcrumb);
  }

  /** @return true for the table entry (empty breadcrumb) */
  public boolean isTableEntry() {
    return breadcrumb.isEmpty();
  }

  /** @return true if this column is always synced ({@code inclusion: automatic}) */
  public boolean isAutomatic() {
    return INCLUSION_AUTOMATIC.equals(inclusion);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
