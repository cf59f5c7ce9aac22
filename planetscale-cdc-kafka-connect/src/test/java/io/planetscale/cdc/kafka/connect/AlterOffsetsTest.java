package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** {@link PlanetScaleSourceConnector#alterOffsets} and the partition and offset shapes. */
class AlterOffsetsTest {
  static final String GTID = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-23";
  final PlanetScaleSourceConnector connector = new PlanetScaleSourceConnector();

  static String vgtid(String shard) {
    return VGtid.of(ShardGtid.of("shop", shard, GTID)).toJson();
  }

  static Map<String, Object> offset(Object vgtid, Object ordinal) {
    Map<String, Object> o = new HashMap<>();
    o.put("vgtid", vgtid);
    if (ordinal != null) {
      o.put("ordinal", ordinal);
    }
    return o;
  }

  boolean alter(Map<String, ?> partition, Map<String, ?> offset) {
    Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
    offsets.put(partition, offset);
    return connector.alterOffsets(ConnectorConfigTest.minimal(), offsets);
  }

  @Test
  void partitionsAndOffsetsKeepTheirKeysInAFixedOrder() {
    Map<String, Object> p = SourceOffsets.partition("shop", "-80");
    assertThat(p).isInstanceOf(LinkedHashMap.class);
    assertThat(List.copyOf(p.keySet())).containsExactly("keyspace", "shard");
    Map<String, Object> o = SourceOffsets.offset(VGtid.fromJson(vgtid("-80")), 7);
    assertThat(List.copyOf(o.keySet())).containsExactly("vgtid", "ordinal");
    assertThat(o.get("ordinal")).isEqualTo(7L);
    assertThat(SourceOffsets.parse("shop", "-80", o)).isEqualTo(new SourceOffsets.Stored(VGtid.fromJson(vgtid("-80")),
        7, false));
  }

  @Test
  void acceptsAPositionOfTheShardWithOrWithoutOrdinalARetiredMarkerAndAReset() {
    Map<String, Object> p = SourceOffsets.partition("shop", "-80");
    assertThat(alter(p, offset(vgtid("-80"), 12L))).isTrue();
    assertThat(alter(p, offset(vgtid("-80"), 3))).as("an int, as JSON gives it").isTrue();
    assertThat(alter(p, offset(vgtid("-80"), null))).isTrue();
    assertThat(alter(p, Map.of("retired", true))).isTrue();
    assertThat(alter(p, null)).as("null resets the shard").isTrue();
  }

  @Test
  void rejectsBadPartitionsNamingWhatIsWrong() {
    Map<String, Object> offset = offset(vgtid("-80"), 1L);
    assertThatThrownBy(() -> alter(Map.of("shard", "-80"), offset)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("exactly the keys \"keyspace\" and \"shard\"");
    assertThatThrownBy(() -> alter(Map.of("keyspace", "shop", "shard", "-80", "x", 1), offset))
        .hasMessageContaining("exactly the keys");
    assertThatThrownBy(() -> alter(SourceOffsets.partition("other", "-80"), offset))
        .hasMessageContaining("the connector's database \"shop\"");
    assertThatThrownBy(() -> alter(SourceOffsets.partition("shop", ""), offset))
        .hasMessageContaining("\"shard\" must be a shard name");
  }

  @Test
  void rejectsBadOffsetsNamingWhatIsWrong() {
    Map<String, Object> p = SourceOffsets.partition("shop", "-80");
    assertThatThrownBy(() -> alter(p, offset("{not json", 1L))).isInstanceOf(ConnectException.class)
        .hasMessageContaining("shop/-80").hasMessageContaining("\"vgtid\" is not a valid position");
    assertThatThrownBy(() -> alter(p, offset(vgtid("80-"), 1L)))
        .hasMessageContaining("must cover exactly this shard, but covers [shop/80-]");
    String both = VGtid.of(ShardGtid.of("shop", "-80", GTID), ShardGtid.of("shop", "80-", GTID)).toJson();
    assertThatThrownBy(() -> alter(p, offset(both, 1L))).hasMessageContaining("must cover exactly this shard");
    assertThatThrownBy(() -> alter(p, offset(42, 1L))).hasMessageContaining("\"vgtid\" must be a string");
    assertThatThrownBy(() -> alter(p, offset(null, 1L))).hasMessageContaining("was missing");
    assertThatThrownBy(() -> alter(p, offset(vgtid("-80"), "5"))).hasMessageContaining("\"ordinal\" must be a whole");
    assertThatThrownBy(() -> alter(p, offset(vgtid("-80"), -1L))).hasMessageContaining("\"ordinal\" must be a whole");
    assertThatThrownBy(() -> alter(p, offset(vgtid("-80"), 1.5))).hasMessageContaining("\"ordinal\" must be a whole");
    Map<String, Object> extra = offset(vgtid("-80"), 1L);
    extra.put("gtid", GTID);
    assertThatThrownBy(() -> alter(p, extra)).hasMessageContaining("unknown key \"gtid\"");
    assertThatThrownBy(() -> alter(p, Map.of("retired", false))).hasMessageContaining("unknown key \"retired\"");
  }
}
