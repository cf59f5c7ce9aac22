package io.planetscale.cdc.grpc;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import java.util.List;

/**
 * One psdbconnect {@code SyncResponse} as {@link SyncResponseReader} read it: either its results
 * found in the message's bytes ({@link #scanned}, in order) and everything else parsed by protobuf
 * ({@link #rest}, whose result list is then empty), or, for a message the reader leaves to
 * protobuf, the whole message parsed ({@link #scanned} is null).
 *
 * @param rest the cursor, error, updates and deletes (and the results when {@code scanned} is null)
 * @param scanned the results found in the bytes, or null
 * @param size the message's size on the wire, in bytes (before compression)
 * @param wire the message's bytes, shared by the scanned results' rows and never modified; null
 *     for a message that was not read from bytes
 */
record SyncMessage(SyncResponse rest, List<ScannedResult> scanned, int size, byte[] wire) {

  /** A message parsed by protobuf alone, {@code size} bytes on the wire. */
  static SyncMessage parsed(SyncResponse response, int size, byte[] wire) {
    return new SyncMessage(response, null, size, wire);
  }
}
