package io.planetscale.cdc;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An unmodifiable map of one row's column values: the column names are shared by every row of a
 * result, so a record costs one value array instead of a hash table of entries. Permits
 * {@code null} values (SQL NULL); iteration follows column order.
 *
 * <p>The values are either given converted, or converted from the row's wire bytes only when a value
 * is first read. Most of a copy's cost in the SDK was converting every value into a Java object
 * eagerly, whether or not the sink ever read it; a sink that forwards records by key or counts them
 * now pays nothing for the values, and one that reads them pays once per row. The names, the size
 * and {@link #containsKey} are known without converting. The first
 * {@link #get} or iteration converts the whole row (on any thread: the conversion is stateless and
 * published safely), then lets go of the response's bytes. A value that does not convert throws
 * {@link SchemaMismatchException}, naming stream, shard, position and column, from that access and
 * from every later one.
 */
final class ColumnValues extends AbstractMap<String, Object> {
  /** Converts the values of one row from its bytes; stateless, so any thread may call it. */
  interface Conversion {
    /**
     * @param bytes the row's bytes (with others')
     * @param slices where each value lies (see {@link io.planetscale.cdc.internal.EncodedRows#slices})
     * @param first the index of the row's first value among {@code slices}
     * @param rowFields the row's own field list, or null when the conversion was planned for it
     * @param position for messages
     * @return the values, one per name
     */
    Object[] convert(byte[] bytes, int[] slices, int first, List<Field> rowFields, String position);
  }

  private final String[] names;
  private final Conversion conversion;
  private final String position;
  private final int first;
  /** Until the values are converted: the row's wire form. Dropped once converted. */
  private byte[] bytes;
  private int[] slices;
  private List<Field> rowFields;
  private volatile Object[] values;

  /**
   * A map of values already converted.
   *
   * @param names the column names, shared and never modified
   * @param values the values, owned by this map from now on
   */
  ColumnValues(String[] names, Object[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " names for " + values.length + " values");
    }
    this.names = names;
    this.values = values;
    this.conversion = null;
    this.position = null;
    this.first = 0;
  }

  /**
   * A map that converts the row's values when one is first read.
   *
   * @param names the column names, shared and never modified
   * @param conversion how this row converts
   * @param bytes the row's bytes, shared and never modified
   * @param slices where its values lie, shared and never modified
   * @param first the index of the row's first value
   * @param rowFields the row's fields when they differ from those the conversion was planned for, else null
   * @param position the record's position, for messages
   */
  ColumnValues(String[] names, Conversion conversion, byte[] bytes, int[] slices, int first,
      List<Field> rowFields, String position) {
    this.names = names;
    this.conversion = conversion;
    this.bytes = bytes;
    this.slices = slices;
    this.first = first;
    this.rowFields = rowFields;
    this.position = position;
  }

  private Object[] converted() {
    Object[] v = values;
    if (v == null) {
      synchronized (this) {
        v = values;
        if (v == null) {
          v = conversion.convert(bytes, slices, first, rowFields, position);
          values = v;
          bytes = null;
          slices = null;
          rowFields = null;
        }
      }
    }
    return v;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public boolean isEmpty() {
    return names.length == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? converted()[i] : null;
  }

  private int indexOf(Object key) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Set<String> keySet() {
    return ColumnSet.of(List.of(names));
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    Object[] v = converted();
    return new AbstractSet<>() {
      @Override
      public int size() {
        return names.length;
      }

      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(names[i], v[i]);
          }
        };
      }
    };
  }
}
