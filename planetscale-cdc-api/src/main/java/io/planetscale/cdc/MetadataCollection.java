package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stream's metadata entries: one for the table and one per column.
 *
 * @param entries the entries, in catalog order
 */
public record MetadataCollection(List<Metadata> entries) {

  /**
   * Makes the list unmodifiable.
   *
   * @param entries the entries, in catalog order
   */
  public MetadataCollection {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /**
   * Column entries by column name (the breadcrumb's last element). A later duplicate wins, as in Go;
   * an empty collection gives an empty map (Go panicked).
   *
   * @return the map, in catalog order
   */
  public Map<String, Metadata> propertyMap() {
    Map<String, Metadata> map = new LinkedHashMap<>();
    for (Metadata m : entries) {
      List<String> crumb = m.breadcrumb();
      if (!crumb.isEmpty()) {
        map.put(crumb.get(crumb.size() - 1), m);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * The names of the selected columns ({@code selected: true}), in catalog order, without duplicates.
   *
   * @return the names
   */
  public List<String> selectedProperties() {
    List<String> names = new ArrayList<>();
    for (Metadata m : entries) {
      List<String> crumb = m.breadcrumb();
      if (!crumb.isEmpty() && m.metadata().selected()) {
        String name = crumb.get(crumb.size() - 1);
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The table entry (the first with an empty breadcrumb).
   *
   * @return the entry, or {@code null} if there is none
   */
  public Metadata tableEntry() {
    for (Metadata m : entries) {
      if (m.breadcrumb().isEmpty()) {
        return m;
      }
    }
    return null;
  }
}
