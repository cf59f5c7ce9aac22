package io.planetscale.cdc.spi;

import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.TableCursor;
import java.util.Objects;

/**
 * Gives the records of one read of one table on one shard their {@link RecordPosition}s. A
 * transport calls {@link #response} before the rows of each response, {@link #next} for each
 * record, {@link #cursor} after each cursor the consumer accepted, and {@link #restart} when it
 * resumes from that cursor after a failure or at a new read window.
 *
 * <p>The rules, which make a position unique among the distinct records of one read and identical
 * for a record delivered again after a restart:
 *
 * <ul>
 *   <li>A record's {@code position} is the position of the cursor that ends the response carrying
 *       it: the position that covers it. A response without a cursor (or a transport that does not
 *       announce responses) uses the last cursor's.
 *   <li>{@code sequence} counts the records labelled with one position, from 0, in delivery order. It
 *       continues while the position stays the same, however many responses and cursors repeat it
 *       (copy batches share their snapshot position; a server may repeat a position), and starts at
 *       0 when the position changes.
 *   <li>A restart from a cursor outside a copy replays the same changes in the same order, so the
 *       labels rewind to where they stood at that cursor. A restart from a copy cursor may not replay
 *       the same rows (the server takes a new snapshot and first sends the changes made since the
 *       cursor's position), so rows that arrive before the first new cursor get fresh sequence
 *       numbers; once that cursor shows the snapshot position is unchanged, nothing changed and the
 *       labels rewind as they would outside a copy.
 * </ul>
 *
 * <p>Not thread-safe: one instance per shard read.
 */
public final class RecordPositions {
  private final String keyspace;
  private final String shard;

  /** The position records are labelled with now, and the next sequence number at it. */
  private String position;
  private long next;
  /** The last accepted cursor's position, and the labels as they stood when it was accepted. */
  private String cursorPosition;
  private String positionAtCursor;
  private long nextAtCursor;
  /**
   * The highest sequence ever handed out at {@link #positionAtCursor} (plus one): a copy restart
   * numbers above it, so no label is given twice, however many restarts follow one cursor.
   */
  private long highWater;
  /** Whether {@link #position} is {@link #positionAtCursor}, so {@link #next()} keeps the high-water mark. */
  private boolean atCursorPosition = true;
  /** After a restart from a copy cursor, until its first cursor: where the fresh numbers started. */
  private boolean uncertain;
  private long freshFrom;

  /**
   * Starts labelling a read that begins at {@code start}.
   *
   * @param keyspace the keyspace of every record
   * @param shard the shard of every record
   * @param start the cursor the read starts from
   */
  public RecordPositions(String keyspace, String shard, TableCursor start) {
    this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
    this.shard = Objects.requireNonNull(shard, "shard");
    this.position = start.position();
    this.cursorPosition = position;
    this.positionAtCursor = position;
  }

  /**
   * Announces a response whose rows are about to be labelled.
   *
   * @param end the cursor the response ends at, or {@code null} if it carries none
   */
  public void response(TableCursor end) {
    String p = end != null ? end.position() : cursorPosition;
    if (uncertain && end != null) {
      uncertain = false;
      if (p.equals(positionAtCursor) && next == freshFrom) {
        next = nextAtCursor; // no fresh numbers were handed out: the copy replays unchanged
      }
    }
    if (!p.equals(position)) {
      position = p;
      next = 0;
      atCursorPosition = p.equals(positionAtCursor);
    }
  }

  /**
   * @return the position of the next record, advancing the sequence
   */
  public RecordPosition next() {
    RecordPosition at = new RecordPosition(keyspace, shard, position, next++);
    if (atCursorPosition && next > highWater) {
      highWater = next;
    }
    return at;
  }

  /** @return the position the next record would be labelled with */
  public String position() {
    return position;
  }

  /**
   * Records that the consumer accepted {@code cursor}: a restart resumes from it.
   *
   * @param cursor the cursor
   */
  public void cursor(TableCursor cursor) {
    cursorPosition = cursor.position();
    if (!position.equals(cursorPosition)) {
      // Records that follow are covered by later cursors; until one announces itself, use this one.
      position = cursorPosition;
      next = 0;
    }
    positionAtCursor = position;
    nextAtCursor = next;
    highWater = next;
    atCursorPosition = true;
  }

  /**
   * Rewinds for a read that resumes from {@code from}, the last accepted cursor (or the start).
   *
   * @param from the cursor the read resumes from
   */
  public void restart(TableCursor from) {
    position = positionAtCursor;
    atCursorPosition = true;
    if (from.isCopying()) {
      // Fresh numbers above everything handed out at this position, until the first cursor says more.
      uncertain = true;
      freshFrom = highWater;
      next = highWater;
    } else {
      uncertain = false;
      next = nextAtCursor;
    }
    cursorPosition = from.position();
  }
}
