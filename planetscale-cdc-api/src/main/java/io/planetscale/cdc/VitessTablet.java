package io.planetscale.cdc;

/**
 * One row of {@code SHOW VITESS_TABLETS}.
 *
 * @param cell the cell, e.g. {@code aws_useast1c_5}
 * @param keyspace the keyspace
 * @param shard the shard
 * @param tabletType {@code PRIMARY}, {@code REPLICA} or {@code RDONLY}
 * @param state e.g. {@code SERVING}
 * @param alias the tablet alias
 * @param hostname the tablet's host
 * @param primaryTermStartTime when the primary term started ({@code ""} for replicas)
 */
public record VitessTablet(
    String cell,
    String keyspace,
    String shard,
    String tabletType,
    String state,
    String alias,
    String hostname,
    String primaryTermStartTime) {

  /**
   * Turns {@code null} columns into {@code ""} (Go failed to scan NULL).
   *
   * @param cell the cell, e.g. {@code aws_useast1c_5}
   * @param keyspace the keyspace
   * @param shard the shard
   * @param tabletType {@code PRIMARY}, {@code REPLICA} or {@code RDONLY}
   * @param state e.g. {@code SERVING}
   * @param alias the tablet alias
   * @param hostname the tablet's host
   * @param primaryTermStartTime when the primary term started ({@code ""} for replicas)
   */
  public VitessTablet {
    cell = cell == null ? "" : cell;
    keyspace = keyspace == null ? "" : keyspace;
    shard = shard == null ? "" : shard;
    tabletType = tabletType == null ? "" : tabletType;
    state = state == null ? "" : state;
    alias = alias == null ? "" : alias;
    hostname = hostname == null ? "" : hostname;
    primaryTermStartTime = primaryTermStartTime == null ? "" : primaryTermStartTime;
  }
}
