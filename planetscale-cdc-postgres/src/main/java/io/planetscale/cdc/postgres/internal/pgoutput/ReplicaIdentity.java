package io.planetscale.cdc.postgres.internal.pgoutput;

/** A table's {@code REPLICA IDENTITY}: which old values its updates and deletes carry. */
public enum ReplicaIdentity {
  /** {@code d}: the primary key's columns. */
  DEFAULT('d'),
  /** {@code n}: nothing. */
  NOTHING('n'),
  /** {@code f}: every column. */
  FULL('f'),
  /** {@code i}: the columns of a chosen unique index. */
  INDEX('i');

  private final char code;

  ReplicaIdentity(char code) {
    this.code = code;
  }

  /**
   * The setting's code in {@code pg_class.relreplident} and on the wire.
   *
   * @return {@code d}, {@code n}, {@code f} or {@code i}
   */
  public char code() {
    return code;
  }

  /**
   * The setting with a code.
   *
   * @param code {@code d}, {@code n}, {@code f} or {@code i}
   * @return the setting, or null if the code is none of those
   */
  static ReplicaIdentity ofCode(char code) {
    for (ReplicaIdentity identity : values()) {
      if (identity.code == code) {
        return identity;
      }
    }
    return null;
  }
}
