package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Postgres state: what is read back, and how a state that is not one is rejected, naming the stream. */
class PostgresCursorsTest {
  private static State state(String stream, Map<String, SerializedCursor> shards) {
    return State.empty().with(stream, new ShardStates(shards));
  }

  @Test
  void positionsAndSnapshotProgressRoundTrip() {
    State state = PostgresCursors.with(State.empty(), "orders", PostgresCursors.at("app", 0x16B3748L));
    assertThat(state.streams().get("orders").shards().get("-").toTableCursor().position()).isEqualTo("pg:0/16B3748");
    PostgresCursors.Progress done = PostgresCursors.read(State.fromJson(state.toJson()), "orders", "app");
    assertThat(done.lsn()).isEqualTo(0x16B3748L);
    assertThat(done.snapshotNeeded()).isFalse();

    State copying = PostgresCursors.with(State.empty(), "items",
        PostgresCursors.snapshotting("app", 0x1_0000_0010L, List.of("a", "b"), List.of("x y", "42")));
    PostgresCursors.Progress progress = PostgresCursors.read(State.fromJson(copying.toJson()), "items", "app");
    assertThat(progress.lsn()).isEqualTo(0x1_0000_0010L);
    assertThat(progress.lastKey()).containsExactly("x y", "42");
    assertThat(progress.snapshotInProgress()).isTrue();

    assertThat(PostgresCursors.read(State.empty(), "missing", "app").snapshotNeeded()).isTrue();
    State needed = PostgresCursors.with(State.empty(), "t", PostgresCursors.snapshotNeeded("app"));
    assertThat(PostgresCursors.read(needed, "t", "app").lsn()).isNegative();
  }

  @Test
  void aVitessPositionIsRejectedNamingTheStream() {
    State vitess = state("orders", Map.of("-", SerializedCursor.of(TableCursor.of("-", "app",
        "MySQL56/0a3c1d9e-1111-2222-3333-444455556666:1-42"))));
    assertThatThrownBy(() -> PostgresCursors.read(vitess, "orders", "app"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stream \"orders\"")
        .hasMessageContaining("not a PostgreSQL position");
  }

  @Test
  void anUnparsableLsnIsRejectedNamingTheStream() {
    State bad = state("orders", Map.of("-", SerializedCursor.of(TableCursor.of("-", "app", "pg:zz/1"))));
    assertThatThrownBy(() -> PostgresCursors.read(bad, "orders", "app"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("stream \"orders\"")
        .hasMessageContaining("pg:zz/1");
  }

  @Test
  void shardsOtherThanDashAnotherDatabaseOrProgressWithoutPositionAreRejected() {
    State sharded = state("orders", Map.of("-80", PostgresCursors.at("app", 1), "80-", PostgresCursors.at("app", 1)));
    assertThatThrownBy(() -> PostgresCursors.read(sharded, "orders", "app"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("exactly one, \"-\"");
    State other = PostgresCursors.with(State.empty(), "orders", PostgresCursors.at("elsewhere", 1));
    assertThatThrownBy(() -> PostgresCursors.read(other, "orders", "app"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("database \"elsewhere\"");
    State noPosition = state("orders", Map.of("-", SerializedCursor.of(new TableCursor("-", "app", "",
        PostgresCursors.snapshotting("app", 1, List.of("id"), List.of("7")).toTableCursor().lastKnownPk()))));
    assertThatThrownBy(() -> PostgresCursors.read(noPosition, "orders", "app"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapshot progress but no position");
  }

  @Test
  void failoverOnPostgres16IsAClearConfigurationError() {
    assertThatThrownBy(() -> ReplicationSlots.requireFailoverSupport(16))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("PostgreSQL 17 or later")
        .hasMessageContaining("failoverSlot(false)");
  }
}
