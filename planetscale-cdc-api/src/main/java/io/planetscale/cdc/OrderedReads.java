package io.planetscale.cdc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shard reads that run ahead of the one delivering, with deliveries in the original order: read
 * {@code i} delivers only after read {@code i - 1} has delivered everything and ended. Up to
 * {@code ahead} reads beyond the delivering one run at the same time on reader threads, each
 * queueing its calls into the engine in a bounded {@link Mailbox}; the calling thread runs every
 * call, in order. So what a read spends waiting (its peek, the server's latency, the wait for more
 * responses at a stop position) overlaps with the other reads, while the sink sees exactly the
 * sequence a one-at-a-time sync would give it. The first failure, of a read or of a call, stops
 * every read; {@link #run} returns only once every reader thread has ended.
 */
final class OrderedReads {
  /** One read: runs on a reader thread, making every call into the engine through the sequencer. */
  interface Read {
    void read(Sequencer sequencer);
  }

  /**
   * A read with what the delivering thread runs just before its calls and just after its end.
   *
   * @param before run before the read's first call (e.g. a stream's start)
   * @param read the read
   * @param after run after the read's last call (e.g. a stream's end)
   */
  record Step(Runnable before, Read read, Runnable after) {}

  private OrderedReads() {}

  /**
   * @param name for the reader threads' names
   * @param ahead how many reads may run beyond the delivering one (at least 1)
   * @param rowsPerRead how many rows a read may queue before it waits
   * @param steps the reads, in delivery order
   */
  static void run(String name, int ahead, long rowsPerRead, List<Step> steps) {
    AtomicInteger n = new AtomicInteger();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(ahead + 1, r -> {
      Thread t = new Thread(r, "planetscale-cdc-read-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      threads.add(t);
      return t;
    });
    Mailbox[] boxes = new Mailbox[steps.size()];
    int started = 0;
    boolean interrupted = false;
    try {
      for (int head = 0; head < steps.size(); head++) {
        // Never more than `ahead` reads beyond the delivering one, so memory stays bounded.
        for (; started < steps.size() && started <= head + ahead; started++) {
          Mailbox box = new Mailbox(rowsPerRead);
          boxes[started] = box;
          Read read = steps.get(started).read();
          pool.execute(() -> {
            Throwable failure = null;
            try {
              read.read(box);
            } catch (RuntimeException | Error e) {
              failure = e;
            }
            box.end(failure);
          });
        }
        Step step = steps.get(head);
        step.before().run();
        Mailbox box = boxes[head];
        for (Runnable call = box.take(); call != null; call = box.take()) {
          call.run();
        }
        boxes[head] = null;
        step.after().run();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      throw new PlanetScaleCdcException("sync interrupted", e);
    } finally {
      pool.shutdownNow(); // interrupts reads still running: they end promptly
      try {
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
          // keep waiting so that no reader thread outlives the sync
        }
        for (Thread t : threads) {
          t.join();
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
