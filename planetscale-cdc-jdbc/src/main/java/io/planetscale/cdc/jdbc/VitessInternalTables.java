package io.planetscale.cdc.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises the tables Vitess creates for itself: online-DDL and table-GC tables
 * ({@code _vt_hld_<uuid>_<timestamp>_}, {@code _vt_DROP_...}) and VReplication shadow tables
 * ({@code _<uuid parts>_<timestamp>_vrepl}). They are not user data and their names change at every
 * migration, so discovery leaves them out.
 *
 * <p>The rules are airbyte-source's and fivetran-source's two regular expressions (reference §2.1),
 * with one deliberate change: the Go code matched them anywhere in the name, so a user table like
 * {@code orders_vt_archive} was dropped too. Every name Vitess generates starts with the underscore
 * the expressions begin with, so here they must match at the start.
 */
final class VitessInternalTables {
  /** GC/online-DDL names: {@code _vt_...}, and the new uuid-shaped {@code _xxxxxxxx_xxxx_xxxx_...}. */
  private static final Pattern GC_OR_DDL =
      Pattern.compile("^(?:_[0-9a-zA-Z]{8}_[0-9a-zA-Z]{4}_[0-9a-zA-Z]{4}_.*|_vt_.*)");
  /** VReplication shadow tables ending in {@code _<timestamp>_vrepl}. */
  private static final Pattern VREPL = Pattern.compile("^_(?:\\w+|\\d+)_\\d+_vrepl\\b");

  private VitessInternalTables() {}

  /**
   * @param table a table name
   * @return true if Vitess created the table for its own use
   */
  static boolean isInternal(String table) {
    return GC_OR_DDL.matcher(table).find() || VREPL.matcher(table).find();
  }

  /**
   * @param tables table names in server order
   * @return the user tables among them, order kept
   */
  static List<String> withoutInternal(List<String> tables) {
    List<String> kept = new ArrayList<>(tables.size());
    for (String t : tables) {
      if (!isInternal(t)) {
        kept.add(t);
      }
    }
    return kept;
  }
}
