package io.planetscale.cdc.postgres;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A row's values as parallel arrays, handed to {@link io.planetscale.cdc.Record}, which copies them into its own
 * map: building a hash map here too would only be thrown away (the snapshot and the stream build one per row).
 */
final class RowValues extends AbstractMap<String, Object> {
  private final String[] names;
  private final Object[] values;
  private int size;

  RowValues(int capacity) {
    names = new String[capacity];
    values = new Object[capacity];
  }

  /** Adds a column; names are distinct (a table's columns). */
  void add(String name, Object value) {
    names[size] = name;
    values[size] = value;
    size++;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int index = indexOf(key);
    return index < 0 ? null : values[index];
  }

  private int indexOf(Object key) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
          }
        };
      }
    };
  }
}
