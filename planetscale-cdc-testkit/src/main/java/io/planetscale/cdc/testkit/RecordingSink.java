package io.planetscale.cdc.testkit;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link RecordSink} that keeps everything it receives, for assertions in tests: the Java
 * counterpart of the Go connectors' {@code NewTestLogger()} record writer.
 *
 * <p>It keeps every record with the stream it arrived for, every state, the number of flushes per
 * stream, and an event log in call order: {@code record:<stream>}, {@code flush:<stream>} and
 * {@code state}. The log makes the sink contract checkable, for example that a stream's records
 * are followed by {@code flush:<stream>} before the next {@code state}.
 *
 * <p>Thread-safe: a sync may deliver from its own thread while the test thread reads snapshots or
 * blocks in {@link #awaitRecords(int, Duration)}. Every getter returns an immutable snapshot.
 *
 * <p>Fault hooks ({@link #failOnRecord}, {@link #failOnFlush}, {@link #failOnState}) make the
 * sink throw on a chosen call, to test how a sync stops when its sink fails.
 */
public final class RecordingSink implements RecordSink {
  private final ReentrantLock lock = new ReentrantLock();
  // Signalled on every accepted record or state, so waiters re-check their condition.
  private final Condition changed = lock.newCondition();

  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<State> states = new ArrayList<>();
  private final Map<String, Integer> flushCounts = new HashMap<>();
  private final List<String> events = new ArrayList<>();
  private final Map<Integer, Exception> recordFaults = new HashMap<>();
  private final Map<Integer, Exception> flushFaults = new HashMap<>();
  private final Map<Integer, Exception> stateFaults = new HashMap<>();
  // Calls so far of each kind, failed ones included: the index space of the fault hooks.
  private int recordCalls;
  private int flushCalls;
  private int stateCalls;

  /** Creates an empty sink with no faults armed. */
  public RecordingSink() {}

  /**
   * Keeps the record and logs {@code record:<stream>}, unless a fault is armed for this call.
   *
   * @param record the record
   * @param stream the stream it was delivered for
   * @throws Exception the exception armed with {@link #failOnRecord}, if this is that call
   */
  @Override
  public void record(Record record, Stream stream) throws Exception {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      Exception fault = recordFaults.remove(recordCalls++);
      if (fault != null) {
        throw fault;
      }
      deliveries.add(new Delivery(record, stream.name()));
      events.add("record:" + stream.name());
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts a flush of the stream and logs {@code flush:<stream>}, unless a fault is armed for this
   * call.
   *
   * @param stream the stream being flushed
   * @throws Exception the exception armed with {@link #failOnFlush}, if this is that call
   */
  @Override
  public void flush(Stream stream) throws Exception {
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      Exception fault = flushFaults.remove(flushCalls++);
      if (fault != null) {
        throw fault;
      }
      flushCounts.merge(stream.name(), 1, Integer::sum);
      events.add("flush:" + stream.name());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps the state and logs {@code state}, unless a fault is armed for this call.
   *
   * @param state the state
   * @throws Exception the exception armed with {@link #failOnState}, if this is that call
   */
  @Override
  public void state(State state) throws Exception {
    Objects.requireNonNull(state, "state");
    lock.lock();
    try {
      Exception fault = stateFaults.remove(stateCalls++);
      if (fault != null) {
        throw fault;
      }
      states.add(state);
      events.add("state");
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every record kept so far, in arrival order.
   *
   * @return an immutable snapshot
   */
  public List<Record> records() {
    lock.lock();
    try {
      List<Record> snapshot = new ArrayList<>(deliveries.size());
      for (Delivery delivery : deliveries) {
        snapshot.add(delivery.record());
      }
      return Collections.unmodifiableList(snapshot);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The records delivered for one stream, in arrival order. Matches on the name of the
   * {@link Stream} passed to {@link #record}, the same name the event log shows.
   *
   * @param stream the stream name
   * @return an immutable snapshot, empty if none arrived for that stream
   */
  public List<Record> records(String stream) {
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      List<Record> snapshot = new ArrayList<>();
      for (Delivery delivery : deliveries) {
        if (delivery.stream().equals(stream)) {
          snapshot.add(delivery.record());
        }
      }
      return Collections.unmodifiableList(snapshot);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every state kept so far, in arrival order.
   *
   * @return an immutable snapshot
   */
  public List<State> states() {
    lock.lock();
    try {
      return List.copyOf(states);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The most recent state.
   *
   * @return the last state received
   * @throws IllegalStateException if no state has arrived yet
   */
  public State lastState() {
    lock.lock();
    try {
      if (states.isEmpty()) {
        throw new IllegalStateException("RecordingSink has received no state yet ("
            + deliveries.size() + " record(s), " + events.size() + " event(s) so far)");
      }
      return states.get(states.size() - 1);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many times a stream was flushed.
   *
   * @param stream the stream name
   * @return the number of successful flushes, 0 if never flushed
   */
  public int flushes(String stream) {
    Objects.requireNonNull(stream, "stream");
    lock.lock();
    try {
      return flushCounts.getOrDefault(stream, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The log of successful calls in order: {@code record:<stream>}, {@code flush:<stream>} and
   * {@code state}.
   *
   * @return an immutable snapshot
   */
  public List<String> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets everything: records, states, flush counts, events, call counters and armed faults, so
   * the sink can be reused as if new.
   */
  public void clear() {
    lock.lock();
    try {
      deliveries.clear();
      states.clear();
      flushCounts.clear();
      events.clear();
      recordFaults.clear();
      flushFaults.clear();
      stateFaults.clear();
      recordCalls = 0;
      flushCalls = 0;
      stateCalls = 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until at least {@code count} records have been kept or the timeout passes. Wakes as
   * soon as a record arrives, so a generous timeout costs nothing when the records come.
   *
   * @param count the number of records to wait for; 0 or less returns true at once
   * @param timeout how long to wait at most
   * @return true if the records arrived, false on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitRecords(int count, Duration timeout) throws InterruptedException {
    return await(() -> deliveries.size() >= count, timeout);
  }

  /**
   * Blocks until at least {@code count} states have been kept or the timeout passes; useful
   * because a sync ends with a state.
   *
   * @param count the number of states to wait for; 0 or less returns true at once
   * @param timeout how long to wait at most
   * @return true if the states arrived, false on timeout
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitStates(int count, Duration timeout) throws InterruptedException {
    return await(() -> states.size() >= count, timeout);
  }

  /**
   * Arms a fault: the {@code index}-th call of {@link #record} (zero-based, counting every call
   * since creation or {@link #clear()}, failed ones included) throws {@code exception} instead of
   * keeping the record. Fires once; the failed call leaves no record and no event.
   *
   * @param index the zero-based call to fail
   * @param exception what to throw
   * @return this sink
   */
  public RecordingSink failOnRecord(int index, Exception exception) {
    return arm(recordFaults, index, exception);
  }

  /**
   * Arms a fault: the {@code index}-th call of {@link #flush} (zero-based, over all streams, failed
   * ones included) throws {@code exception} instead of counting the flush. Fires once.
   *
   * @param index the zero-based call to fail
   * @param exception what to throw
   * @return this sink
   */
  public RecordingSink failOnFlush(int index, Exception exception) {
    return arm(flushFaults, index, exception);
  }

  /**
   * Arms a fault: the {@code index}-th call of {@link #state} (zero-based, failed ones included)
   * throws {@code exception} instead of keeping the state. Fires once.
   *
   * @param index the zero-based call to fail
   * @param exception what to throw
   * @return this sink
   */
  public RecordingSink failOnState(int index, Exception exception) {
    return arm(stateFaults, index, exception);
  }

  private RecordingSink arm(Map<Integer, Exception> faults, int index, Exception exception) {
    if (index < 0) {
      throw new IllegalArgumentException("call index must be 0 or more, got " + index);
    }
    Objects.requireNonNull(exception, "exception");
    lock.lock();
    try {
      faults.put(index, exception);
      return this;
    } finally {
      lock.unlock();
    }
  }

  private boolean await(BooleanSupplier reached, Duration timeout) throws InterruptedException {
    // TimeUnit.convert saturates instead of overflowing, so a huge timeout means "forever".
    long remaining = TimeUnit.NANOSECONDS.convert(Objects.requireNonNull(timeout, "timeout"));
    lock.lockInterruptibly();
    try {
      while (!reached.getAsBoolean()) {
        if (remaining <= 0) {
          return false;
        }
        remaining = changed.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A record with the name of the stream it was delivered for. */
  private record Delivery(Record record, String stream) {}
}
