package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
   * A copy in which exactly the named streams are selected, with every column: their table entry and
   * every column entry is set {@code selected: true}, and every entry of every other stream
   * {@code selected: false}. For example
   * {@code client.discover(DiscoverSettings.defaults()).selectOnly("orders", "customers")}. Catalog
   * order (the order of a sync) is kept; the order of the names does not matter. Everything else
   * (schemas, keys, replication methods) is unchanged.
   *
   * @param names the streams (table names) to select, at least one
   * @return the copy
   * @throws ConfigurationException if no name is given, a name is not a stream of this catalog, or a
   *     named stream has no table metadata entry
   */
  public Catalog selectOnly(String... names) {
    Objects.requireNonNull(names, "names");
    if (names.length == 0) {
      throw new ConfigurationException("selectOnly: name at least one stream; the catalog has " + streamNames());
    }
    Set<String> wanted = new HashSet<>();
    for (String name : names) {
      if (name == null || stream(name).isEmpty()) {
        throw new ConfigurationException("selectOnly: stream " + (name == null ? "null" : "\"" + name + "\"")
            + " is not in the catalog; it has " + streamNames());
      }
      wanted.add(name);
    }
    List<Stream> copy = new ArrayList<>(streams.size());
    for (Stream s : streams) {
      boolean selected = wanted.contains(s.name());
      if (selected) {
        s.tableMetadata(); // a selected stream without a table entry would only fail later, in sync
      }
      copy.add(withSelection(s, selected));
    }
    return new Catalog(copy);
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

  private List<String> streamNames() {
    List<String> names = new ArrayList<>(streams.size());
    for (Stream s : streams) {
      names.add(s.name());
    }
    return names;
  }

  /** The stream with every metadata entry, table and columns, set to {@code selected}. */
  private static Stream withSelection(Stream s, boolean selected) {
    List<Metadata> entries = new ArrayList<>(s.metadata().entries().size());
    for (Metadata m : s.metadata().entries()) {
      entries.add(new Metadata(m.metadata().withSelected(selected)));
    }
    return new Stream(s.type(), s.name(), s.id(), s.schema(), s.tableName(), new MetadataCollection(entries),
        s.keyProperties(), s.cursorProperties());
  }
}
