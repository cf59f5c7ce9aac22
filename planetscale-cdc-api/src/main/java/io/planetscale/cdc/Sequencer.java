package io.planetscale.cdc;

/**
 * Where the calls a shard read makes into the engine (records, cursors, states, listener calls)
 * are run: at once on the reading thread, or handed in order to the thread that delivers (see
 * {@link OrderedReads}).
 */
interface Sequencer {
  /** Runs every call at once, on the calling thread. */
  Sequencer DIRECT = (call, weight) -> call.run();

  /**
   * @param call the call into the engine
   * @param weight how many rows it carries (at least 1), for the read-ahead bound
   */
  void run(Runnable call, int weight);
}
