package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@link VGtid#fromJson} rejects every malformed document with an {@link IllegalArgumentException}
 * naming the JSON path and what is wrong; one test per kind of mistake.
 */
class VGtidJsonRejectionTest {
  private static final String SHARD = "{\"keyspace\":\"ks\",\"shard\":\"-80\",\"gtid\":\"\"";
  private static final String ID = "{\"name\":\"id\",\"type\":\"INT64\"}";

  private static void rejects(String json, String message) {
    assertThatThrownBy(() -> VGtid.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("VGtid JSON: " + message);
  }

  /** A document whose only shard copies table {@code t} with the given last key. */
  private static String withLastPk(String lastPk) {
    return "{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[{\"table\":\"t\",\"lastpk\":" + lastPk + "}]}]}";
  }

  @Test
  void emptyInput() {
    rejects("", "the input is empty");
    rejects(" \n ", "the input is empty");
    assertThatThrownBy(() -> VGtid.fromJson(null)).isInstanceOf(NullPointerException.class).hasMessage("json");
  }

  @Test
  void invalidJson() {
    assertThatThrownBy(() -> VGtid.fromJson("{\"v\":1,\n\"shard_gtids\":[}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("VGtid JSON: invalid JSON at line 2, column 16: Unexpected close marker '}'");
  }

  @Test
  void trailingGarbage() {
    rejects("{\"v\":1,\"shard_gtids\":[]} x", "unexpected content after the end of the document at line 1, column 25");
    rejects("{\"v\":1,\"shard_gtids\":[]}{}", "unexpected content after the end of the document at line 1, column 25");
    rejects("{\"v\":1,\"shard_gtids\":[]}\n5", "unexpected content after the end of the document at line 1, column 25");
    assertThat(VGtid.fromJson(" {\"v\":1,\"shard_gtids\":[]}\n\t").shardGtids()).isEmpty(); // whitespace is fine
  }

  @Test
  void aDocumentThatIsNotAnObject() {
    rejects("[]", "expected an object, got an array");
    rejects("\"v\"", "expected an object, got the string \"v\"");
    rejects("null", "expected an object, got null");
  }

  @Test
  void missingVersion() {
    rejects("{\"shard_gtids\":[]}", "the member \"v\" is missing");
  }

  @Test
  void versionOfTheWrongType() {
    rejects("{\"v\":\"1\",\"shard_gtids\":[]}", "v: expected the format version as an integer, got the string \"1\"");
    rejects("{\"v\":1.0,\"shard_gtids\":[]}", "v: expected the format version as an integer, got the number 1.0");
  }

  @Test
  void unknownVersion() {
    rejects("{\"v\":2,\"shard_gtids\":[{\"whatever\":true}]}", "v: unknown format version 2; this SDK reads version 1");
    rejects("{\"v\":0,\"shard_gtids\":[]}", "v: unknown format version 0; this SDK reads version 1");
    // A later version's new members do not hide that the version is unknown.
    rejects("{\"shards\":{},\"v\":3}", "v: unknown format version 3; this SDK reads version 1");
  }

  @Test
  void missingShardList() {
    rejects("{\"v\":1}", "the member \"shard_gtids\" is missing");
    rejects("{\"v\":1,\"shard_gtids\":null}", "shard_gtids: expected an array, got null");
  }

  @Test
  void shardListOfTheWrongType() {
    rejects("{\"v\":1,\"shard_gtids\":{}}", "shard_gtids: expected an array, got an object");
    rejects("{\"v\":1,\"shard_gtids\":[5]}", "shard_gtids[0]: expected an object, got the number 5");
  }

  @Test
  void unknownMember() {
    rejects("{\"v\":1,\"shard_gtids\":[],\"extra\":1}", "unknown member \"extra\" (expected v, shard_gtids)");
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"tablePKs\":[]}]}",
        "shard_gtids[0]: unknown member \"tablePKs\" (expected keyspace, shard, gtid, table_p_ks)");
  }

  @Test
  void repeatedMember() {
    rejects("{\"v\":1,\"v\":1,\"shard_gtids\":[]}", "the member \"v\" appears twice");
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"gtid\":\"x\"}]}", "shard_gtids[0]: the member \"gtid\" appears twice");
  }

  @Test
  void missingKeyspaceShardOrGtid() {
    rejects("{\"v\":1,\"shard_gtids\":[{\"shard\":\"-80\",\"gtid\":\"\"}]}", "shard_gtids[0]: the member \"keyspace\" is missing");
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"ks\",\"gtid\":\"\"}]}", "shard_gtids[0]: the member \"shard\" is missing");
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"ks\",\"shard\":\"-\"}]}", "shard_gtids[0]: the member \"gtid\" is missing");
  }

  @Test
  void keyspaceShardOrGtidOfTheWrongType() {
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"ks\",\"shard\":-80,\"gtid\":\"\"}]}",
        "shard_gtids[0].shard: expected a string, got the number -80");
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"ks\",\"shard\":null,\"gtid\":\"\"}]}",
        "shard_gtids[0].shard: expected a string, got null");
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":[],\"shard\":\"-\",\"gtid\":\"\"}]}",
        "shard_gtids[0].keyspace: expected a string, got an array");
    rejects("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"ks\",\"shard\":\"-\",\"gtid\":false}]}",
        "shard_gtids[0].gtid: expected a string, got false");
  }

  @Test
  void duplicateShard() {
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + "},{\"keyspace\":\"ks\",\"shard\":\"80-\",\"gtid\":\"\"}," + SHARD + "}]}",
        "shard_gtids[2]: keyspace \"ks\", shard \"-80\" appears twice (first at shard_gtids[0])");
  }

  @Test
  void tableListOfTheWrongType() {
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":{}}]}",
        "shard_gtids[0].table_p_ks: expected an array, got an object");
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[\"t\"]}]}",
        "shard_gtids[0].table_p_ks[0]: expected an object, got the string \"t\"");
  }

  @Test
  void missingOrEmptyTableName() {
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[{}]}]}",
        "shard_gtids[0].table_p_ks[0]: the member \"table\" is missing");
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[{\"table\":\"\"}]}]}",
        "shard_gtids[0].table_p_ks[0].table: the table name is empty");
  }

  @Test
  void duplicateTable() {
    rejects("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[{\"table\":\"t\"},{\"table\":\"u\"},{\"table\":\"t\"}]}]}",
        "shard_gtids[0].table_p_ks[2].table: table \"t\" appears twice (first at shard_gtids[0].table_p_ks[0])");
  }

  @Test
  void lastKeyOfTheWrongType() {
    rejects(withLastPk("[]"), "shard_gtids[0].table_p_ks[0].lastpk: expected an object, got an array");
    rejects(withLastPk("\"MTIz\""), "shard_gtids[0].table_p_ks[0].lastpk: expected an object, got the string \"MTIz\"");
  }

  @Test
  void lastKeyWithoutFieldsOrRow() {
    rejects(withLastPk("{\"row\":[]}"), "shard_gtids[0].table_p_ks[0].lastpk: the member \"fields\" is missing");
    rejects(withLastPk("{\"fields\":[],\"row\":[]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields: a last primary key needs at least one field");
    rejects(withLastPk("{\"fields\":[" + ID + "]}"), "shard_gtids[0].table_p_ks[0].lastpk: the member \"row\" is missing");
    rejects(withLastPk("{\"fields\":[" + ID + "],\"rows\":[[null]]}"),
        "shard_gtids[0].table_p_ks[0].lastpk: unknown member \"rows\" (expected fields, row)");
  }

  @Test
  void fieldWithoutNameOrType() {
    rejects(withLastPk("{\"fields\":[{\"type\":\"INT64\"}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0]: the member \"name\" is missing");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\"}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0]: the member \"type\" is missing");
  }

  @Test
  void unknownTypeName() {
    rejects(withLastPk("{\"fields\":[" + ID + ",{\"name\":\"id\",\"type\":\"int64\"}],\"row\":[null,null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[1].type: unknown Vitess type \"int64\" (expected a name such as \"INT64\")");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":265}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0].type: expected a string, got the number 265");
  }

  @Test
  void fieldAttributeOfTheWrongTypeOrRange() {
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"charset\":\"63\"}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0].charset: expected an integer, got the string \"63\"");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"flags\":1.5}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0].flags: expected an integer, got the number 1.5");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"charset\":4294967296}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0].charset: the integer 4294967296 is out of range"
            + " [-2147483648, 2147483647]");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"column_type\":7}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0].column_type: expected a string, got the number 7");
    rejects(withLastPk("{\"fields\":[{\"name\":\"id\",\"type\":\"INT64\",\"nullable\":true}],\"row\":[null]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.fields[0]: unknown member \"nullable\" (expected name, type, table,"
            + " org_table, database, org_name, column_length, charset, decimals, flags, column_type)");
  }

  @Test
  void rowOfAnotherWidthThanTheFields() {
    rejects(withLastPk("{\"fields\":[" + ID + "],\"row\":[]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row: expected one value per field (1), got 0");
    rejects(withLastPk("{\"fields\":[" + ID + "],\"row\":[\"MQ==\",\"Mg==\"]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row: expected one value per field (1), got 2");
    rejects(withLastPk("{\"fields\":[" + ID + "],\"row\":{}}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row: expected an array, got an object");
  }

  @Test
  void valueThatIsNotBase64() {
    rejects(withLastPk("{\"fields\":[" + ID + "],\"row\":[\"M!==\"]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row[0]: invalid Base64: Illegal base64 character 21");
  }

  @Test
  void valueOfTheWrongType() {
    rejects(withLastPk("{\"fields\":[" + ID + "],\"row\":[12]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row[0]: expected the value's bytes in Base64 or null, got the number 12");
  }

  @Test
  void valueForANullTypeField() {
    rejects(withLastPk("{\"fields\":[{\"name\":\"n\",\"type\":\"NULL_TYPE\"}],\"row\":[\"MQ==\"]}"),
        "shard_gtids[0].table_p_ks[0].lastpk.row[0]: the field's type is NULL_TYPE, so the value must be null,"
            + " got the string \"MQ==\"");
  }

  @Test
  void optionalMembersMayBeNull() {
    // Not a rejection: null stands for a left-out optional member.
    VGtid vgtid = VGtid.fromJson("{\"v\":1,\"shard_gtids\":[" + SHARD + ",\"table_p_ks\":[{\"table\":\"t\",\"lastpk\":null}]},"
        + "{\"keyspace\":\"ks\",\"shard\":\"80-\",\"gtid\":\"current\",\"table_p_ks\":null}]}");
    assertThat(vgtid).isEqualTo(VGtid.of(new ShardGtid("ks", "-80", "", java.util.List.of(TableLastPk.notStarted("t"))),
        ShardGtid.of("ks", "80-", "current")));
  }
}
