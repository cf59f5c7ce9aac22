package io.planetscale.cdc.jdbc;

import io.planetscale.cdc.ConfigurationException;
import java.util.Objects;

/**
 * MySQL identifier quoting. Identifiers cannot be bound as parameters, so the few statements that
 * need one in their text ({@code SHOW TABLES FROM `db`}) quote it here; everything else is bound.
 */
final class Identifiers {
  private Identifiers() {}

  /**
   * Quotes an identifier with backticks, doubling the backticks inside, which is MySQL's only escape
   * within a quoted identifier (backslashes are literal there, so they need nothing).
   *
   * @param name the identifier, any characters but NUL
   * @return {@code `name`}
   * @throws ConfigurationException if the name is empty or contains NUL, which no MySQL identifier can
   */
  static String quote(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new ConfigurationException("invalid MySQL identifier \"" + name.replace("\0", "\\0")
          + "\": it must be non-empty and must not contain NUL");
    }
    return "`" + name.replace("`", "``") + "`";
  }
}
