package io.planetscale.cdc;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the shard reads of one stream on at most {@code parallelism} threads. The first failure
 * cancels the other reads (by interrupt) and is rethrown once every thread has ended; no thread
 * outlives {@link #run}.
 */
final class ParallelShards {
  private ParallelShards() {}

  static void run(String stream, int parallelism, List<Runnable> reads) {
    AtomicInteger n = new AtomicInteger();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, reads.size()), r -> {
      Thread t = new Thread(r, "planetscale-cdc-sync-" + stream + "-" + n.incrementAndGet());
      t.setDaemon(true);
      threads.add(t);
      return t;
    });
    // Results are taken in completion order, so the first failure cancels the rest at once.
    CompletionService<Void> done = new ExecutorCompletionService<>(pool);
    for (Runnable read : reads) {
      done.submit(read, null);
    }
    RuntimeException failure = null;
    boolean interrupted = false;
    try {
      for (int remaining = reads.size(); remaining > 0; remaining--) {
        try {
          done.take().get();
        } catch (ExecutionException e) {
          if (failure == null || isInterruption(failure)) {
            failure = asRuntime(e.getCause()); // keep the first real failure, not the cancellations it caused
          }
          pool.shutdownNow();
        } catch (InterruptedException e) {
          interrupted = true;
          pool.shutdownNow();
          if (failure == null) {
            failure = new PlanetScaleCdcException("sync of stream \"" + stream + "\" interrupted", e);
          }
          break;
        }
      }
    } finally {
      pool.shutdownNow();
      try {
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          // reads end promptly once interrupted; keep waiting so no thread outlives the sync
        }
        for (Thread t : threads) {
          t.join(); // a terminated pool's workers may still be on their way out
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static boolean isInterruption(RuntimeException e) {
    return e.getCause() instanceof InterruptedException || String.valueOf(e.getMessage()).contains("interrupted");
  }

  private static RuntimeException asRuntime(Throwable t) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new PlanetScaleCdcException(String.valueOf(t), t);
  }
}
