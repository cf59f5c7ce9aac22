package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Go's {@code findSuitableCells}, fixed: only tablets of the keyspace count, and the cells are
 * de-duplicated, sorted, and never empty strings.
 */
final class TabletCells {
  private TabletCells() {}

  /**
   * @return the cells holding tablets of {@code tabletType} for {@code keyspace}
   * @throws PlanetScaleCdcException if no tablet of that type serves the keyspace
   */
  static List<String> find(TabletType tabletType, List<VitessTablet> tablets, String keyspace) {
    String wanted = tabletType.vitessTabletTypeName();
    boolean found = false;
    TreeSet<String> cells = new TreeSet<>();
    for (VitessTablet t : tablets) {
      boolean sameKeyspace = t.keyspace().isEmpty() || t.keyspace().equals(keyspace);
      if (sameKeyspace && t.tabletType().toUpperCase(Locale.ROOT).equals(wanted)) {
        found = true;
        if (!t.cell().isEmpty()) {
          cells.add(t.cell());
        }
      }
    }
    if (!found) {
      throw new PlanetScaleCdcException("unable to find any suitable tablets of type \"" + wanted
          + "\" for keyspace \"" + keyspace + "\"");
    }
    return new ArrayList<>(cells);
  }
}
