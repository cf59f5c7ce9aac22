package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Transaction}: whole transactions, chunks and the rule that only the last chunk has a position. */
class TransactionTest {
  private static final VGtid AT = VGtid.of(ShardGtid.of("ks", "-80", "MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-9"));
  private static final Instant COMMIT = Instant.parse("2026-03-01T10:00:00Z");

  private static Record record(long id) {
    return new Record("t", Operation.INSERT, Map.of("id", id), null, COMMIT,
        new RecordPosition("ks", "-80", "MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-9", id));
  }

  @Test
  void theFiveArgumentFormIsOneWholeChunk() {
    Transaction tx = new Transaction("ks", "-80", List.of(record(1)), AT, COMMIT);
    assertThat(tx.chunk()).isZero();
    assertThat(tx.lastChunk()).isTrue();
    assertThat(tx.isWhole()).isTrue();
    assertThat(tx.position()).isSameAs(AT);
    assertThatThrownBy(() -> new Transaction("ks", "-80", List.of(), null, COMMIT))
        .isInstanceOf(NullPointerException.class).hasMessage("position");
  }

  @Test
  void onlyTheLastChunkCarriesAPosition() {
    Transaction first = new Transaction("ks", "-80", List.of(record(1)), null, COMMIT, 0, false);
    Transaction last = new Transaction("ks", "-80", List.of(record(2)), AT, COMMIT, 1, true);
    assertThat(first.isWhole()).isFalse();
    assertThat(last.isWhole()).isFalse();
    assertThatThrownBy(() -> new Transaction("ks", "-80", List.of(), AT, COMMIT, 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyspace \"ks\", shard \"-80\", chunk 0: only the last chunk of a transaction carries a position");
    assertThatThrownBy(() -> new Transaction("ks", "-80", List.of(), null, COMMIT, 3, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyspace \"ks\", shard \"-80\", chunk 3: the last chunk of a transaction needs its position");
    assertThatThrownBy(() -> new Transaction("ks", "-80", List.of(), null, COMMIT, -1, false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("chunk index -1 is negative");
  }

  @Test
  void recordsAreCopiedAndUnmodifiableAndACopyBatchHasNoCommitTime() {
    List<Record> records = new ArrayList<>(List.of(record(1)));
    Transaction tx = new Transaction("ks", "-80", records, AT, null);
    records.add(record(2));
    assertThat(tx.records()).containsExactly(record(1));
    assertThat(tx.commitTime()).isNull();
    assertThatThrownBy(() -> tx.records().add(record(3))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new Transaction(null, "-80", List.of(), AT, COMMIT))
        .isInstanceOf(NullPointerException.class).hasMessage("keyspace");
    assertThatThrownBy(() -> new Transaction("ks", null, List.of(), AT, COMMIT))
        .isInstanceOf(NullPointerException.class).hasMessage("shard");
  }

  @Test
  void aListenerNeedsOnlyOnTransaction() throws Exception {
    List<Transaction> seen = new ArrayList<>();
    TransactionListener listener = seen::add;
    listener.onHeartbeat(COMMIT);
    listener.onReshard(AT, VGtid.of(ShardGtid.of("ks", "-40", "x"), ShardGtid.of("ks", "40-80", "y")));
    listener.onSchemaChange(null);
    Transaction tx = new Transaction("ks", "-80", List.of(record(1)), AT, COMMIT);
    listener.onTransaction(tx);
    assertThat(seen).containsExactly(tx);
  }
}
