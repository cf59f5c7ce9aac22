package io.planetscale.cdc;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable set of column names in column order. The converter builds one per row plan and
 * shares it among that plan's records, so {@link Record} can keep it without copying; equal to any
 * {@link Set} with the same names.
 */
final class ColumnSet extends AbstractSet<String> {
  static final ColumnSet EMPTY = new ColumnSet(new String[0]);

  private final String[] names;

  private ColumnSet(String[] names) {
    this.names = names;
  }

  /**
   * @param names distinct column names, in order
   * @return the set ({@link #EMPTY} when there are none)
   */
  static ColumnSet of(Collection<String> names) {
    if (names.isEmpty()) {
      return EMPTY;
    }
    return new ColumnSet(new LinkedHashSet<>(names).toArray(new String[0]));
  }

  /**
   * An unmodifiable copy that keeps {@code names}' iteration order; this set's own instances are
   * returned as they are.
   *
   * @param names the names, without {@code null}
   * @return the set
   * @throws NullPointerException if a name is {@code null}
   */
  static ColumnSet copyOf(Set<String> names) {
    if (names instanceof ColumnSet) {
      return (ColumnSet) names;
    }
    for (String name : names) {
      if (name == null) {
        throw new NullPointerException("a column name is null");
      }
    }
    return of(names);
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public boolean contains(Object o) {
    for (String name : names) {
      if (name.equals(o)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Iterator<String> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < names.length;
      }

      @Override
      public String next() {
        if (next >= names.length) {
          throw new NoSuchElementException();
        }
        return names[next++];
      }
    };
  }
}
