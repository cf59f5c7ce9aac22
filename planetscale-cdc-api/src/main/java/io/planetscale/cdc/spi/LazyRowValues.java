package io.planetscale.cdc.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One row image for a {@link io.planetscale.cdc.Record}, whose values a transport converts only when the sink
 * first reads one: the way records of the SDK's own transports behave (see {@link io.planetscale.cdc.Record}).
 * A sink that forwards or counts records never pays for values it does not read; one that reads them pays once
 * per row. {@code Record} keeps such a map as it is, where it copies any other map, because this class is final
 * and unmodifiable: the only way to change what it holds is the conversion, which runs at most once successfully.
 *
 * <p>The names, the size, {@link #containsKey} and {@link #keySet} need no conversion. The first {@link #get}, or
 * iteration over values or entries, converts the whole row (on any thread; the result is published safely), then
 * lets go of the source. A conversion that fails throws from that access and from every later one (it is tried
 * again each time, and fails the same way for the same source), so its exception should name the stream, the
 * column and the position. Permits {@code null} values (SQL NULL); iteration follows column order.
 */
public final class LazyRowValues extends AbstractMap<String, Object> {
  /**
   * Converts one row's source into its values.
   *
   * @param <S> the row's source (for example its text forms)
   */
  @FunctionalInterface
  public interface Conversion<S> {
    /**
     * Converts a row. Must be stateless, or thread-safe: a row may be read on any thread.
     *
     * @param source the row's source
     * @return one value per column, in the order of the row's {@link Columns}
     * @throws RuntimeException (preferably {@link io.planetscale.cdc.SchemaMismatchException}) naming the stream,
     *     the column and the position when a value does not convert
     */
    Object[] convert(S source);
  }

  /** The column names of rows, made once and shared by every row that has them. */
  public static final class Columns {
    private final String[] names;
    private final Set<String> keySet;

    private Columns(String[] names) {
      this.names = names;
      this.keySet = new NameSet(names);
    }

    /**
     * Column names for rows.
     *
     * @param names the names, distinct, in column order
     * @return the columns
     * @throws IllegalArgumentException if a name is null or repeated
     */
    public static Columns of(List<String> names) {
      String[] array = names.toArray(new String[0]);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < array.length; i++) {
        if (array[i] == null) {
          throw new IllegalArgumentException("column name " + i + " is null");
        }
        if (!seen.add(array[i])) {
          throw new IllegalArgumentException("column \"" + array[i] + "\" is named twice");
        }
      }
      return new Columns(array);
    }

    /**
     * The number of columns.
     *
     * @return how many names there are
     */
    public int size() {
      return names.length;
    }

    /**
     * One column's name.
     *
     * @param index from 0, in column order
     * @return its name
     */
    public String name(int index) {
      return names[index];
    }

    int indexOf(Object name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }
  }

  private final Columns columns;
  /** Until the values are converted: how, and from what. Both dropped once converted. */
  private Conversion<Object> conversion;
  private Object source;
  private volatile Object[] values;

  private LazyRowValues(Columns columns, Object source, Conversion<Object> conversion) {
    this.columns = columns;
    this.source = source;
    this.conversion = conversion;
  }

  /**
   * A row converted when a value is first read.
   *
   * @param <S> the source's type
   * @param columns the row's columns
   * @param source what the values are converted from; held until then
   * @param conversion how; it must return {@code columns.size()} values
   * @return the row
   */
  @SuppressWarnings("unchecked")
  public static <S> LazyRowValues of(Columns columns, S source, Conversion<? super S> conversion) {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(conversion, "conversion");
    return new LazyRowValues(columns, source, (Conversion<Object>) conversion);
  }

  /**
   * Whether the values were converted already (for tests and diagnostics).
   *
   * @return true once a read converted them
   */
  public boolean isConverted() {
    return values != null;
  }

  private Object[] converted() {
    Object[] v = values;
    if (v == null) {
      synchronized (this) {
        v = values;
        if (v == null) {
          v = conversion.convert(source);
          if (v == null || v.length != columns.names.length) {
            throw new IllegalStateException("the conversion gave " + (v == null ? "no" : v.length)
                + " values for " + columns.names.length + " columns");
          }
          values = v;
          source = null;
          conversion = null;
        }
      }
    }
    return v;
  }

  @Override
  public int size() {
    return columns.names.length;
  }

  @Override
  public boolean isEmpty() {
    return columns.names.length == 0;
  }

  @Override
  public boolean containsKey(Object key) {
    return columns.indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = columns.indexOf(key);
    return i >= 0 ? converted()[i] : null;
  }

  @Override
  public Set<String> keySet() {
    return columns.keySet;
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    Object[] v = converted();
    String[] names = columns.names;
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

  /** The names as an unmodifiable set in column order. */
  private static final class NameSet extends AbstractSet<String> {
    private final String[] names;

    NameSet(String[] names) {
      this.names = names;
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
      return Arrays.asList(names).iterator(); // its iterator cannot remove
    }
  }
}
