package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON form of {@link VGtid}: the exact text written (golden strings), and a seeded property:
 * every position reads back equal, to the type and bytes of each last-key value, and writes the same text.
 * Rejections are in {@link VGtidJsonRejectionTest}.
 */
class VGtidJsonTest {
  private static final String POS = "MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-42";

  @Test
  void aReplicatingPositionIsWrittenExactly() {
    VGtid vgtid = VGtid.of(ShardGtid.of("commerce", "-80", POS), ShardGtid.of("commerce", "80-", "current"));
    String json = "{\"v\":1,\"shard_gtids\":["
        + "{\"keyspace\":\"commerce\",\"shard\":\"-80\",\"gtid\":\"" + POS + "\"},"
        + "{\"keyspace\":\"commerce\",\"shard\":\"80-\",\"gtid\":\"current\"}]}";
    assertThat(vgtid.toJson()).isEqualTo(json);
    assertThat(VGtid.fromJson(json)).isEqualTo(vgtid);
  }

  @Test
  void aCopyingPositionIsWrittenExactly() {
    Field id = new Field("id", VitessType.INT64, "customer", "bigint", 63, 49667, "customer", "commerce", "id", 20, 0);
    Field name = Field.of("name", VitessType.VARBINARY);
    QueryResult lastPk = new QueryResult(List.of(id, name),
        List.of(List.of(Value.of(VitessType.INT64, "1234"), Value.NULL)));
    VGtid vgtid = VGtid.of(new ShardGtid("commerce", "-", "", List.of(new TableLastPk("customer", lastPk),
        TableLastPk.notStarted("orders"))));
    String json = "{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"commerce\",\"shard\":\"-\",\"gtid\":\"\",\"table_p_ks\":["
        + "{\"table\":\"customer\",\"lastpk\":{\"fields\":["
        + "{\"name\":\"id\",\"type\":\"INT64\",\"table\":\"customer\",\"org_table\":\"customer\",\"database\":\"commerce\","
        + "\"org_name\":\"id\",\"column_length\":20,\"charset\":63,\"flags\":49667,\"column_type\":\"bigint\"},"
        + "{\"name\":\"name\",\"type\":\"VARBINARY\"}],"
        + "\"row\":[\"MTIzNA==\",null]}},"
        + "{\"table\":\"orders\"}]}]}";
    assertThat(vgtid.toJson()).isEqualTo(json);
    assertThat(VGtid.fromJson(json)).isEqualTo(vgtid);
  }

  @Test
  void anEmptyPositionAndEscapedTextAreWrittenExactly() {
    assertThat(new VGtid(List.of()).toJson()).isEqualTo("{\"v\":1,\"shard_gtids\":[]}");
    VGtid odd = VGtid.of(ShardGtid.of("k\"s\\é", "\u0001-", "<&>"));
    String json = "{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"k\\\"s\\\\é\",\"shard\":\"\\u0001-\",\"gtid\":\"<&>\"}]}";
    assertThat(odd.toJson()).isEqualTo(json);
    assertThat(VGtid.fromJson(json)).isEqualTo(odd);
  }

  @Test
  void theJavadocExampleReadsAndWritesBackAsItIsDocumented() {
    String documented = """
        {"v":1,"shard_gtids":[
          {"keyspace":"commerce","shard":"-80","gtid":"MySQL56/4c8f0a1e-7f5d-11ee-9d5e-0242ac120002:1-42",
           "table_p_ks":[{"table":"customer","lastpk":{
              "fields":[{"name":"id","type":"INT64","charset":63,"flags":49667}],
              "row":["MTIzNA=="]}}]},
          {"keyspace":"commerce","shard":"80-","gtid":"current"}]}
        """;
    VGtid vgtid = VGtid.fromJson(documented);
    Value key = vgtid.shard("commerce", "-80").orElseThrow().tablePk("customer").orElseThrow().lastPk().rows().get(0).get(0);
    assertThat(key.toLong()).isEqualTo(1234);
    assertThat(vgtid.toJson()).isEqualTo(documented.replaceAll("\\s", ""));
  }

  @Test
  void fiveHundredRandomPositionsRoundTripExactly() {
    Random random = new Random(20261201);
    for (int i = 0; i < 500; i++) {
      VGtid vgtid = randomVGtid(random);
      String json = vgtid.toJson();
      VGtid back = VGtid.fromJson(json);
      assertThat(back).as("case %d: %s", i, json).isEqualTo(vgtid);
      assertThat(back.toJson()).as("case %d", i).isEqualTo(json);
      assertSameKeys(vgtid, back, i);
    }
  }

  /** Value equality already compares type and bytes; the raw bytes and the collation are checked too. */
  private static void assertSameKeys(VGtid expected, VGtid actual, int i) {
    for (int s = 0; s < expected.shardGtids().size(); s++) {
      List<TableLastPk> want = expected.shardGtids().get(s).tablePks();
      List<TableLastPk> got = actual.shardGtids().get(s).tablePks();
      for (int t = 0; t < want.size(); t++) {
        if (want.get(t).lastPk() == null) {
          assertThat(got.get(t).lastPk()).as("case %d", i).isNull();
          continue;
        }
        List<Field> fields = got.get(t).lastPk().fields();
        List<Value> wantRow = want.get(t).lastPk().rows().get(0);
        List<Value> gotRow = got.get(t).lastPk().rows().get(0);
        for (int c = 0; c < wantRow.size(); c++) {
          assertThat(gotRow.get(c).type()).as("case %d", i).isEqualTo(wantRow.get(c).type());
          assertThat(gotRow.get(c).toBytes()).as("case %d", i).isEqualTo(wantRow.get(c).toBytes());
          if (!gotRow.get(c).isNull()) {
            assertThat(gotRow.get(c).charset()).as("case %d", i).isEqualTo(fields.get(c).charset());
          }
        }
      }
    }
  }

  static VGtid randomVGtid(Random random) {
    List<ShardGtid> shards = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int n = random.nextInt(5); n > 0; n--) {
      String keyspace = random.nextInt(4) == 0 ? text(random) : "ks" + random.nextInt(2);
      String shard = random.nextInt(4) == 0 ? text(random) : List.of("-", "0", "-80", "80-", "-40", "40-80").get(
          random.nextInt(6));
      if (!seen.add(keyspace + "/" + shard)) {
        continue;
      }
      List<TableLastPk> pks = new ArrayList<>();
      Set<String> tables = new LinkedHashSet<>();
      for (int t = random.nextInt(4); t > 0; t--) {
        String table = random.nextBoolean() ? "t" + random.nextInt(5) : "t" + text(random);
        if (tables.add(table)) {
          pks.add(random.nextInt(4) == 0 ? TableLastPk.notStarted(table) : new TableLastPk(table, randomKey(random)));
        }
      }
      shards.add(new ShardGtid(keyspace, shard, randomGtid(random), pks));
    }
    return new VGtid(shards);
  }

  private static String randomGtid(Random random) {
    switch (random.nextInt(3)) {
      case 0:
        return "";
      case 1:
        return "current";
      default:
        return "MySQL56/" + new java.util.UUID(random.nextLong(), random.nextLong()) + ":1-" + (1 + random.nextInt(1 << 20));
    }
  }

  private static QueryResult randomKey(Random random) {
    VitessType[] types = VitessType.values();
    List<Field> fields = new ArrayList<>();
    List<Value> row = new ArrayList<>();
    for (int c = 1 + random.nextInt(3); c > 0; c--) {
      VitessType type = types[random.nextInt(types.length)];
      int charset = random.nextBoolean() ? 63 : random.nextInt(400) - 10;
      fields.add(new Field("c" + c + text(random), type, text(random), text(random), charset, random.nextLong(),
          text(random), text(random), text(random), random.nextInt(3) == 0 ? 0 : random.nextLong(),
          random.nextInt(3) == 0 ? 0 : random.nextInt()));
      if (type == VitessType.NULL_TYPE || random.nextInt(6) == 0) {
        row.add(Value.NULL);
      } else {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        row.add(Value.of(type, bytes, random.nextInt(300)));
      }
    }
    return new QueryResult(fields, List.of(row));
  }

  /** Often empty; otherwise characters JSON must escape, non-ASCII and a character outside the BMP. */
  private static String text(Random random) {
    String alphabet = "ab_-.\"\\/\u0000\u001f\u007fé€\u2028<>&";
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(2) == 0 ? 0 : random.nextInt(6); n > 0; n--) {
      if (random.nextInt(10) == 0) {
        s.appendCodePoint(0x1F600 + random.nextInt(16));
      } else {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return s.toString();
  }
}
