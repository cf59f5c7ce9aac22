package io.planetscale.cdc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tables discover found, with the user's selection: the singer-tap catalog
 * {@code {"streams":[...]}}.
 *
 * @param streams the streams, in discovery (SHOW TABLES) order
 */
public record Catalog(List<Stream> streams) {

  /**
   * Makes the list unmodifiable.
   *
   * @param streams the streams, in discovery (SHOW TABLES) order
   */
  public Catalog {
    streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
  }

  /**
   * Finds a stream by name.
   *
   * @param name the stream (table) name
   * @return the stream, if present
   */
  public Optional<Stream> stream(String name) {
    for (Stream s : streams) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a singer-tap catalog. Metadata entries are accepted with the breadcrumb inside
   * {@code metadata} (singer-tap) or beside it (standard Singer).
   *
   * @param json the catalog JSON
   * @return the catalog
   * @throws ConfigurationException naming the position or field that is wrong
   */
  public static Catalog fromJson(String json) {
    return CatalogJson.read(json);
  }

  /**
   * Writes the singer-tap catalog JSON.
   *
   * @return the JSON
   */
  public String toJson() {
    return CatalogJson.write(this);
  }
}
