package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.internal.EncodedRows;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import java.util.List;

/**
 * One {@code query.QueryResult} of a response as {@link SyncResponseReader} found it in the
 * message's bytes: its fields, parsed, and for each row where its values lie in those bytes and
 * their lengths. {@link #toQueryResult} makes the API result, whose rows stay in the message's bytes
 * ({@link EncodedRows}).
 * Written by the reader on the transport's thread, read on the reading thread after the hand-over.
 */
final class ScannedResult {
  private final List<io.planetscale.cdc.wire.internal.proto.query.Field> fields;
  private final ScannedRows rows;

  ScannedResult(byte[] wire, List<io.planetscale.cdc.wire.internal.proto.query.Field> fields) {
    this.fields = fields;
    this.rows = new ScannedRows(wire);
  }

  /** Where the reader puts the result's rows. */
  ScannedRows rows() {
    return rows;
  }

  int rowCount() {
    return rows.rowCount();
  }

  /**
   * The API result, decoded as {@link ProtoCodec#fromProto(io.planetscale.cdc.wire.internal.proto.query.QueryResult)}
   * decodes the same message.
   *
   * @throws IllegalArgumentException if a field type is unknown or a row does not fit its fields
   */
  QueryResult toQueryResult() {
    List<Field> apiFields = ProtoCodec.fieldsFromProto(fields);
    return new QueryResult(apiFields, rows.toRows(apiFields));
  }
}
