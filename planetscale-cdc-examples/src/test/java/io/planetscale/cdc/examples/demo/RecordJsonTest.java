package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
  @Test
  void writesEveryConvertedValueTypeExactlyOnOneLine() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", 7L);
    data.put("big", new BigInteger("18446744073709551615"));
    data.put("price", new BigDecimal("10.50"));
    data.put("score", 0.25);
    data.put("active", true);
    data.put("note", "line\nbreak \"quoted\"");
    data.put("gone", null);
    Record r = new Record("orders", Operation.UPDATE, data, Map.of("id", 7L), Instant.EPOCH,
        new RecordPosition("shop", "-80", "MySQL56/u:1-5", 2));
    String json = RecordJson.toJson("change", r);
    assertThat(json).doesNotContain("\n").isEqualTo("{\"type\":\"change\",\"stream\":\"orders\",\"operation\":\"UPDATE\","
        + "\"data\":{\"id\":7,\"big\":18446744073709551615,\"price\":10.50,\"score\":0.25,\"active\":true,"
        + "\"note\":\"line\\nbreak \\\"quoted\\\"\",\"gone\":null},\"before\":{\"id\":7},"
        + "\"position\":{\"keyspace\":\"shop\",\"shard\":\"-80\",\"position\":\"MySQL56/u:1-5\",\"sequence\":2}}");
    assertThat(RecordJson.toJson(new Record("orders", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH,
        new RecordPosition("shop", "-", "", 0)))).startsWith("{\"stream\":\"orders\",\"operation\":\"INSERT\"")
        .contains("\"before\":null");
  }
}
