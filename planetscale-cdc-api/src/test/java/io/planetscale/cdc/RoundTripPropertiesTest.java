package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Valid values survive printing and parsing exactly: {@code parse(print(x))} equals {@code x}, and
 * {@code print(parse(s))} equals {@code s} for canonical text {@code s}. Values come from
 * {@link ValidInputs}: states with several streams, shards and cursors; cursors with and without a
 * last primary key; GTID sets with several UUIDs and intervals; catalogs; sources with every key.
 */
class RoundTripPropertiesTest {
  private static final int TRIES = 500;

  @Test
  void statesRoundTrip() {
    Tries.forAll("state round trip", TRIES, ValidInputs::state, state -> {
      String json = state.toJson();
      assertThat(State.fromJson(json)).isEqualTo(state);
      assertThat(State.fromJson(json).toJson()).isEqualTo(json);
      assertThat(State.fromJson("{\"type\":\"STATE\",\"value\":" + json + "}")).isEqualTo(state);
    });
  }

  @Test
  void cursorsRoundTripThroughBase64AndProtobuf() {
    Tries.forAll("cursor round trip", TRIES * 2, ValidInputs::cursor, cursor -> {
      SerializedCursor text = SerializedCursor.of(cursor);
      TableCursor back = text.toTableCursor("orders", cursor.shard());
      assertThat(back).isEqualTo(cursor);
      assertThat(SerializedCursor.of(back)).isEqualTo(text);
      byte[] bytes = CursorWire.encode(cursor);
      assertThat(Base64.getDecoder().decode(text.cursor())).isEqualTo(bytes);
      try {
        assertThat(CursorWire.encode(CursorWire.decode(bytes))).isEqualTo(bytes);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void gtidSetsRoundTripThroughTheirCanonicalText() {
    Tries.forAll("gtid round trip", TRIES * 2, ValidInputs::gtidIntervals, intervals -> {
      String canonical = ValidInputs.canonical(intervals);
      GtidSet set = GtidSet.parse(canonical);
      assertThat(set.toString()).isEqualTo(canonical);
      assertThat(GtidSet.parse(set.toString())).isEqualTo(set);
      assertThat(set.uuids()).containsExactlyElementsOf(intervals.keySet());
      assertThat(set.contains(set)).isTrue();
      assertThat(set.isAfter(set)).isFalse();
    });
  }

  /** Any spelling of the same transactions parses to the same set, with the canonical text. */
  @Test
  void everySpellingOfAGtidSetParsesToTheSameSet() {
    Tries.forAll("gtid respelling", TRIES * 2, r -> {
      TreeMap<String, List<long[]>> intervals = ValidInputs.gtidIntervals(r);
      return new String[] {ValidInputs.canonical(intervals), ValidInputs.respell(r, intervals)};
    }, pair -> {
      GtidSet respelled = GtidSet.parse(pair[1]);
      assertThat(respelled.toString()).as(pair[1]).isEqualTo(pair[0]);
      assertThat(respelled).isEqualTo(GtidSet.parse(pair[0]));
      assertThat(Positions.equal(pair[0], pair[1])).isTrue();
      assertThat(Positions.reached(pair[1], pair[0])).isTrue();
    });
  }

  /** A set with an extra transaction is after the original, and the union of both is the bigger one. */
  @Test
  void addingATransactionMakesAPositionAfterTheOriginal() {
    Tries.forAll("gtid after", TRIES, r -> {
      TreeMap<String, List<long[]>> intervals = ValidInputs.gtidIntervals(r);
      String original = ValidInputs.canonical(intervals);
      String extra = ValidInputs.uuid(r) + ":" + (1 + r.nextInt(1_000));
      return new String[] {original, original + "," + extra};
    }, pair -> {
      GtidSet small = GtidSet.parse(pair[0]);
      GtidSet big = GtidSet.parse(pair[1]);
      assertThat(big.isAfter(small)).isTrue();
      assertThat(small.isAfter(big)).isFalse();
      assertThat(small.union(big)).isEqualTo(big);
      assertThat(Positions.after(pair[1], pair[0])).isTrue();
      assertThat(Positions.reached(pair[0], pair[1])).isFalse();
    });
  }

  @Test
  void catalogsRoundTrip() {
    Tries.forAll("catalog round trip", TRIES, ValidInputs::catalog, catalog -> {
      String json = catalog.toJson();
      assertThat(Catalog.fromJson(json)).isEqualTo(catalog);
      assertThat(Catalog.fromJson(json).toJson()).isEqualTo(json);
    });
  }

  @Test
  void sourcesWithEveryKeyRoundTrip() {
    Tries.forAll("source round trip", TRIES, ValidInputs::source, source -> {
      String json = source.toJson();
      assertThat(PlanetScaleSource.fromJson(json)).isEqualTo(source);
      assertThat(PlanetScaleSource.fromJson(json).toJson()).isEqualTo(json);
    });
  }

  /** The starting GTIDs give each chosen shard its cursor; a shard without one starts with a copy. */
  @Test
  void initialStatesCarryTheStartingGtids() {
    Tries.forAll("initial state", TRIES, ValidInputs::source, source -> {
      List<String> available = List.of("-", "0", "-80", "80-", "-40", "40-80", "80-c0", "c0-", "-4000", "4000-");
      Map<String, Map<String, String>> gtids = source.startingGtids();
      String keyspace = gtids.isEmpty() ? source.database() : gtids.keySet().iterator().next();
      ShardStates states = source.initialState(keyspace, available);
      assertThat(states.shards().keySet()).containsExactlyInAnyOrderElementsOf(
          source.shards().isEmpty() ? available : source.shards());
      states.shards().forEach((shard, cursor) -> {
        TableCursor c = cursor.toTableCursor(keyspace, shard);
        assertThat(c).isEqualTo(TableCursor.of(shard, keyspace, gtids.getOrDefault(keyspace, Map.of())
            .getOrDefault(shard, "")));
      });
    });
  }
}
