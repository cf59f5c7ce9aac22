package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TabletTypeTest {
  @ParameterizedTest
  @CsvSource({"replica,REPLICA", "PRIMARY,PRIMARY", "rdonly,BATCH", "read_only,BATCH", "batch,BATCH", " Replica ,REPLICA"})
  void parsesGoAndAirbyteNames(String name, TabletType expected) {
    assertThat(TabletType.parse(name)).isEqualTo(expected);
  }

  @Test
  void unknownNameIsAConfigurationErrorQuotingIt() {
    assertThatThrownBy(() -> TabletType.parse("leader"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"leader\"");
  }

  @Test
  void goStringIsReplicaOnlyForReplica() {
    assertThat(TabletType.REPLICA.toGoString()).isEqualTo("replica");
    assertThat(TabletType.PRIMARY.toGoString()).isEqualTo("primary");
    assertThat(TabletType.BATCH.toGoString()).isEqualTo("primary");
  }

  @Test
  void wireValuesMatchPsdbconnect() {
    assertThat(TabletType.REPLICA.wireValue()).isZero();
    assertThat(TabletType.PRIMARY.wireValue()).isEqualTo(1);
    assertThat(TabletType.BATCH.wireValue()).isEqualTo(2);
    assertThat(TabletType.fromWireValue(2)).isEqualTo(TabletType.BATCH);
    assertThatThrownBy(() -> TabletType.fromWireValue(3)).isInstanceOf(IllegalArgumentException.class);
  }
}
