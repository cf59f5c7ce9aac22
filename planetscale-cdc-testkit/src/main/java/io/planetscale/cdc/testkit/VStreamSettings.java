package io.planetscale.cdc.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FakePlanetScale} frames and paces {@code vtgateservice.Vitess/VStream} responses
 * ({@link FakePlanetScale#vstream()}). The defaults behave like vtgate: one response per vttablet send
 * (a transaction, a DDL, a copy batch, ...) of at most vttablet's packet size (250,000 bytes), copy
 * batches of 1000 rows, heartbeats at the interval the
 * request asks for, ENUM and SET values as strings. Tests change them to force the framings a client
 * must cope with, e.g. one transaction spread over several responses. Thread-safe; framing settings
 * apply to responses built from then on, the others to calls opened from then on.
 *
 * <pre>{@code
 * fake.vstream().maxEventsPerResponse(2);            // BEGIN, FIELD | ROW, VGTID | COMMIT
 * fake.vstream().heartbeatInterval(Duration.ofMillis(50)); // instead of the request's seconds
 * }</pre>
 */
public final class VStreamSettings {
  /** Runs on the server's stream thread before each copy batch reads its snapshot. */
  @FunctionalInterface
  public interface CopyBatchHook {
    /**
     * Called before a copy batch: the test may change data here (e.g. through {@link FakePlanetScale#update}),
     * and the change is then caught up before the batch, exactly between the batches already sent and
     * this one. A runtime exception fails the call with {@code INTERNAL}.
     *
     * @param shard the shard being copied
     * @param table the table being copied
     * @param batchesSent how many batches of this table this shard already sent on this call
     */
    void beforeBatch(String shard, String table, long batchesSent);
  }

  private static final CopyBatchHook NO_HOOK = (shard, table, batchesSent) -> { };

  private volatile CopyBatchHook copyBatchHook = NO_HOOK;
  /** vttablet's {@code --vstream_packet_size} default: a send ends once its events reach this many bytes. */
  static final int DEFAULT_MAX_RESPONSE_BYTES = 250_000;

  private volatile int maxEventsPerResponse = Integer.MAX_VALUE;
  private volatile int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
  private volatile boolean packTransactions;
  private volatile int copyBatchRows = 1000;
  private volatile Duration heartbeatInterval;
  private volatile boolean enumSetValuesAsStrings = true;

  VStreamSettings() {}

  /**
   * Splits responses so that none holds more than {@code n} events: a transaction (or copy batch)
   * longer than that then spans several consecutive responses, as vtgate sends a large transaction in
   * the chunks vttablet produced. The split points are deterministic: every {@code n} events.
   *
   * @param n the most events per response, at least 1 ({@link Integer#MAX_VALUE}, the default, never splits)
   * @return this
   */
  public VStreamSettings maxEventsPerResponse(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxEventsPerResponse must be >= 1, was " + n);
    }
    maxEventsPerResponse = n;
    return this;
  }

  /**
   * Ends a response once its events reach {@code bytes} (serialized size), as vttablet ends a send at
   * its packet size ({@code --vstream_packet_size}, 250,000 bytes by default) and vtgate forwards each
   * send as one response: a large transaction then spans many responses, BEGIN in the first and COMMIT in
   * the last, never interleaved with another shard's events, and the fake encodes its rows only as the
   * responses go out. A response exceeds the bound by at most one event.
   *
   * @param bytes the bound, at least 1 (250,000 by default)
   * @return this
   */
  public VStreamSettings maxResponseBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1, was " + bytes);
    }
    maxResponseBytes = bytes;
    return this;
  }

  /**
   * Packs what is ready to send into as few responses as {@link #maxEventsPerResponse} allows: all the
   * transactions already committed when a shard's stream reads the binlog (up to 1000 at a time), or a
   * copy batch with its BEGIN, FIELD and snapshot VGTID, share one response instead of one response
   * each. Off by default (vtgate's framing).
   *
   * @param value whether to pack
   * @return this
   */
  public VStreamSettings packTransactions(boolean value) {
    packTransactions = value;
    return this;
  }

  /**
   * Sets how many rows one copy-phase batch holds ({@code [ROW…, VGTID(lastpk), COMMIT]}); each batch
   * reads a new snapshot, so changes made between batches are caught up before the next one.
   *
   * @param rows rows per batch, at least 1 (1000 by default)
   * @return this
   */
  public VStreamSettings copyBatchRows(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("copyBatchRows must be >= 1, was " + rows);
    }
    copyBatchRows = rows;
    return this;
  }

  /**
   * Runs {@code hook} before every copy batch of every VStream call, on the call's thread, so a test
   * can change rows at an exact point of the copy phase (what a client's catch-up handling must cope
   * with) without racing the stream.
   *
   * @param hook the hook, or null for none
   * @return this
   */
  public VStreamSettings beforeCopyBatch(CopyBatchHook hook) {
    copyBatchHook = hook == null ? NO_HOOK : hook;
    return this;
  }

  /**
   * Overrides the heartbeat interval of calls whose request asks for heartbeats
   * ({@code flags.heartbeat_interval > 0}, in seconds), so a test need not wait seconds for one. Calls
   * that ask for none still get none. {@code null} (the default) uses the request's interval.
   *
   * @param value the interval to use instead, positive, or null
   * @return this
   */
  public VStreamSettings heartbeatInterval(Duration value) {
    if (value != null && (value.isNegative() || value.isZero())) {
      throw new IllegalArgumentException("heartbeatInterval must be positive, was " + value);
    }
    heartbeatInterval = value;
    return this;
  }

  /**
   * Chooses how ENUM and SET values travel in the replication phase. {@code true} (the default,
   * Vitess v20 and later): as their string values, and FIELD events of tables with an ENUM or SET column
   * say {@code enum_set_string_values = true} (copy-phase FIELD events always do). {@code false} (older
   * Vitess): replicated ENUM values are their 1-based index ({@code 0} for the empty invalid value), SET
   * values the bitmask of their members (bit 0 = first member), as decimal text, and every FIELD event
   * says {@code false}; copy-phase rows still carry the strings, as MySQL's {@code SELECT} returns them.
   *
   * @param value whether values are strings
   * @return this
   */
  public VStreamSettings enumSetValuesAsStrings(boolean value) {
    enumSetValuesAsStrings = value;
    return this;
  }

  /**
   * Restores every default.
   *
   * @return this
   */
  public VStreamSettings reset() {
    maxEventsPerResponse = Integer.MAX_VALUE;
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    packTransactions = false;
    copyBatchRows = 1000;
    heartbeatInterval = null;
    enumSetValuesAsStrings = true;
    copyBatchHook = NO_HOOK;
    return this;
  }

  CopyBatchHook copyBatchHook() {
    return copyBatchHook;
  }

  int maxEventsPerResponse() {
    return maxEventsPerResponse;
  }

  int maxResponseBytes() {
    return maxResponseBytes;
  }

  boolean packTransactions() {
    return packTransactions;
  }

  int copyBatchRows() {
    return copyBatchRows;
  }

  /** The heartbeat interval of a call that asked for {@code seconds} (0 = none), or null for none. */
  Duration heartbeatFor(int seconds) {
    if (seconds == 0) { // uint32 on the wire: every other value asks for heartbeats
      return null;
    }
    Duration override = heartbeatInterval;
    return Objects.requireNonNullElse(override, Duration.ofSeconds(Integer.toUnsignedLong(seconds)));
  }

  boolean enumSetValuesAsStrings() {
    return enumSetValuesAsStrings;
  }
}
