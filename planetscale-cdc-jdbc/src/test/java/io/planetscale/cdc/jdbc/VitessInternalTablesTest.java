package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reference §6.2 {@code TestFilterNames_CanFilterInternalVitessTables}, plus the start-anchoring. */
class VitessInternalTablesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "_vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_prg_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_evc_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_drp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_vrp_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_gho_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_ghc_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_vt_del_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
      "_750a3e1f_e6f3_5249_82af_82f5d325ecab_20240528153135_vrepl",
      "_vt_DROP_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
      "_vt_HOLD_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
      "_vt_EVAC_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
      "_vt_PURGE_6ace8bcef73211ea87e9f875a4d24e90_20200915120410",
      "_orders_20240528153135_vrepl",
  })
  void vitessInternalTablesAreRecognised(String table) {
    assertThat(VitessInternalTables.isInternal(table)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "customers",
      // The Go expressions matched anywhere; Vitess's own names always start with them.
      "orders_vt_archive",
      "x_750a3e1f_e6f3_5249_82af_82f5d325ecab_20240528153135_vrepl",
      "_vt", "_orders_vrepl", "_orders_2024_vrepl_old", "vt_hld", "_1234567_e6f3_5249_x", "café", "表",
  })
  void userTablesAreKept(String table) {
    assertThat(VitessInternalTables.isInternal(table)).isFalse();
  }

  @Test
  void filteringKeepsTheOrderOfTheRest() {
    assertThat(VitessInternalTables.withoutInternal(List.of("b", "_vt_hld_6ace8bcef73211ea87e9f875a4d24e90_20200915120410_",
        "a", "_750a3e1f_e6f3_5249_82af_82f5d325ecab_20240528153135_vrepl", "c")))
        .containsExactly("b", "a", "c");
  }
}
