package io.planetscale.cdc.testkit.bench;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The benchmarks' raw readers: one server-streaming call on a generated async stub whose responses
 * are only counted, until the reader says it is done (then the call is cancelled) or the server ends it.
 */
final class RawCount {
  /** Counts the rows of one response and says whether the read is done. */
  interface Counter<R> {
    /**
     * @param response the response
     * @param rows told the row count of each batch the response carries
     * @return true when the read is done after this response
     */
    boolean onResponse(R response, java.util.function.LongConsumer rows);
  }

  private RawCount() {}

  /**
   * @param method the stub's method, e.g. {@code stub::vStream}
   * @param request the request
   * @param counter counts each response's rows and says when to stop
   * @param perBatch told each batch's row count, as it arrives
   * @return the number of rows, once the counter is done or the call ended
   */
  static <Q, R> CompletableFuture<Long> run(BiConsumer<Q, StreamObserver<R>> method, Q request, Counter<R> counter,
      java.util.function.LongConsumer perBatch) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(() -> method.accept(request, new StreamObserver<R>() {
      private long rows;

      @Override
      public void onNext(R r) {
        if (done.isDone()) {
          return;
        }
        boolean finished = counter.onResponse(r, n -> {
          rows += n;
          perBatch.accept(n);
        });
        if (finished) {
          done.complete(rows);
          context.cancel(null);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(rows);
      }
    }));
    return done;
  }
}
