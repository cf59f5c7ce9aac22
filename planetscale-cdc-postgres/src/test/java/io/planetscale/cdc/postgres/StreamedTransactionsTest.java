package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed-transaction buffer without a server: order across memory and file, aborts, bounds, cleanup. */
class StreamedTransactionsTest {
  @TempDir
  Path spill;

  private static ByteBuffer message(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> commit(StreamedTransactions buffer, long xid) throws Exception {
    List<String> replayed = new ArrayList<>();
    buffer.commit(xid, bytes -> replayed.add(StandardCharsets.UTF_8.decode(bytes).toString()));
    return replayed;
  }

  @Test
  void replaysInOrderAcrossMemoryAndSpillFileWithinTheBound() throws Exception {
    try (StreamedTransactions buffer = new StreamedTransactions(30, spill)) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String text = "message-" + i; // 9 or 10 bytes: three fit in memory, the rest is spilled
        expected.add(text);
        buffer.add(7, 7, message(text));
      }
      assertThat(buffer.peakMemoryBytes()).isLessThanOrEqualTo(30);
      assertThat(buffer.spilledMessages()).isEqualTo(17);
      try (Stream<Path> files = Files.list(spill)) {
        assertThat(files).hasSize(1);
      }
      assertThat(commit(buffer, 7)).containsExactlyElementsOf(expected);
      assertThat(buffer.memoryBytes()).isZero();
      try (Stream<Path> files = Files.list(spill)) {
        assertThat(files).as("the spill file is deleted after the commit").isEmpty();
      }
    }
  }

  @Test
  void abortsDropATransactionOrOneSubtransaction() throws Exception {
    try (StreamedTransactions buffer = new StreamedTransactions(12, spill)) {
      buffer.add(1, 1, message("top-a"));
      buffer.add(1, 2, message("sub-b"));
      buffer.add(1, 1, message("top-c")); // spilled
      buffer.add(1, 2, message("sub-d")); // spilled
      buffer.add(3, 3, message("other"));
      buffer.abort(1, 2);
      buffer.abort(3, 3);
      assertThat(commit(buffer, 1)).containsExactly("top-a", "top-c");
      assertThat(commit(buffer, 3)).as("an aborted transaction replays nothing").isEmpty();
      assertThat(buffer.memoryBytes()).isZero();
    }
  }

  @Test
  void theBufferIsCopiedNotKept() throws Exception {
    try (StreamedTransactions buffer = new StreamedTransactions(1024, spill)) {
      byte[] bytes = "first".getBytes(StandardCharsets.UTF_8);
      buffer.add(5, 5, ByteBuffer.wrap(bytes));
      bytes[0] = 'X';
      assertThat(commit(buffer, 5)).containsExactly("first");
    }
  }

  @Test
  void theSyncEndsAtTheInsertPositionOrJustBeforeAPageHeader() {
    assertThat(ChangeStreamReader.reached(1000, 1000)).isTrue();
    assertThat(ChangeStreamReader.reached(999, 1000)).isFalse();
    // The insert position after a page header (24 bytes into page 2): a server that decoded up to the page's
    // start has reached it; one short of the page has not.
    assertThat(ChangeStreamReader.reached(8192, 8192 + 24)).isTrue();
    assertThat(ChangeStreamReader.reached(8184, 8192 + 24)).isFalse();
    assertThat(ChangeStreamReader.reached(16L << 20, (16L << 20) + 40)).isTrue();
    assertThat(ChangeStreamReader.reached(8192, 8192 + 48)).isFalse();
  }
}
