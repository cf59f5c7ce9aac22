package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LsnTest {
  @Test
  void formatsAndParsesPostgresText() {
    assertThat(Lsn.format(0x16_B374_D848L)).isEqualTo("16/B374D848");
    assertThat(Lsn.format(0)).isEqualTo("0/0");
    assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16_B374_D848L);
    assertThat(Lsn.parse("FFFFFFFF/FFFFFFFF")).isEqualTo(-1L);
    assertThat(Lsn.format(-1L)).isEqualTo("FFFFFFFF/FFFFFFFF");
  }

  @Test
  void rejectsTextThatIsNoLsn() {
    for (String bad : new String[] {"", "16", "/1", "1/", "x/1", "100000000/0", "-1/0"}) {
      assertThatThrownBy(() -> Lsn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not an LSN");
    }
  }
}
