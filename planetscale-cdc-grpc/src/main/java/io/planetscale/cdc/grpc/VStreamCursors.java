package io.planetscale.cdc.grpc;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import java.util.Base64;

/**
 * A table's cursor on one shard from a VGTID ({@code ShardGtid} + the table's {@code TableLastPK}),
 * in the state format the Go connectors use: standard Base64 of a serialized psdbconnect
 * {@code TableCursor} {shard 1, keyspace 2, position 3, last_known_pk 4}. The saved form is built
 * from the wire messages directly, so the last key is passed through as the server sent it, never
 * re-encoded from its decoded form.
 */
final class VStreamCursors {
  private VStreamCursors() {}

  /**
   * @param lastPk the table's copy progress, or null outside a copy; checked by {@link #requireFields}
   * @param where the table and shard, for error messages
   */
  static EncodedCursor encode(String keyspace, String shard, String gtid, TableLastPK lastPk, String where) {
    io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.Builder wire =
        io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.newBuilder()
            .setShard(shard).setKeyspace(keyspace).setPosition(gtid);
    QueryResult decodedPk = null;
    if (lastPk != null) {
      wire.setLastKnownPk(lastPk.getLastpk());
      try {
        decodedPk = ProtoCodec.fromProto(lastPk.getLastpk());
      } catch (IllegalArgumentException e) {
        throw new PlanetScaleCdcException("reading " + where + " failed: the server's copy progress (last "
            + "primary key) does not decode: " + e.getMessage(), e);
      }
    }
    SerializedCursor saved = new SerializedCursor(Base64.getEncoder().encodeToString(wire.build().toByteArray()));
    return new EncodedCursor(new TableCursor(shard, keyspace, gtid, decodedPk), saved);
  }

  /**
   * Rejects copy progress that could not be resumed from: a last key without its field metadata
   * (the server needs the fields to read the key back).
   *
   * @throws PlanetScaleCdcException naming the table and shard
   */
  static void requireFields(TableLastPK lastPk, String where) {
    if (!lastPk.hasLastpk() || lastPk.getLastpk().getFieldsCount() == 0) {
      throw new PlanetScaleCdcException("reading " + where + " failed: the server sent copy progress (a last "
          + "primary key) without its field metadata, which cannot be resumed from");
    }
  }
}
