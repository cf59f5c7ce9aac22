package io.planetscale.cdc.testkit.bench;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.util.concurrent.CompletableFuture;

/**
 * The VStream benchmarks' baseline for replication: a stream on the raw async stub, decoding nothing
 * — row changes are only counted — cancelled once a given number of them has arrived.
 */
final class RawVStreamRows {
  private RawVStreamRows() {}

  /**
   * @param stub the generated async stub
   * @param request the stream to read
   * @param rows how many row changes to wait for
   * @return the number of row changes read, once there are {@code rows} (or the stream ended)
   */
  static CompletableFuture<Long> until(VitessGrpc.VitessStub stub, VStreamRequest request, long rows) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(() -> stub.vStream(request, new StreamObserver<VStreamResponse>() {
      private long seen;

      @Override
      public void onNext(VStreamResponse r) {
        for (VEvent e : r.getEventsList()) {
          if (e.getType() == VEventType.ROW) {
            seen += e.getRowEvent().getRowChangesCount();
          }
        }
        if (seen >= rows && !done.isDone()) {
          done.complete(seen);
          context.cancel(null);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(seen);
      }
    }));
    return done;
  }
}
