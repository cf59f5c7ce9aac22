package io.planetscale.cdc.testkit.bench;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The benchmarks' baseline: one copy-phase {@code Sync} on the raw async stub, decoding nothing —
 * rows are only counted — until the cursor without {@code last_known_pk} that ends the copy.
 */
final class RawCopy {
  private RawCopy() {}

  /**
   * @param stub the generated async stub
   * @param request a request with an empty position (a copy)
   * @param perResult told the row count of each result, as it arrives
   * @return the number of rows copied, once the copy is done
   */
  static CompletableFuture<Long> run(ConnectGrpc.ConnectStub stub, SyncRequest request, LongConsumer perResult) {
    return RawCount.<SyncRequest, SyncResponse>run(stub::sync, request, (r, rows) -> {
      for (QueryResult result : r.getResultList()) {
        rows.accept(result.getRowsCount());
      }
      return r.hasCursor() && !r.getCursor().hasLastKnownPk();
    }, perResult);
  }
}
