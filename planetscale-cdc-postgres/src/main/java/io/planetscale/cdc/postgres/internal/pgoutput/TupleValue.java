package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One column's value in a {@link TupleData}: null ({@code n}), an unchanged TOASTed value ({@code u}), text
 * ({@code t}) or binary ({@code b}). An unchanged TOASTed value is not null: the row still has its old value,
 * which the server did not send.
 */
public sealed interface TupleValue
    permits TupleValue.Null, TupleValue.UnchangedToast, TupleValue.Text, TupleValue.Binary {

  /** The SQL null ({@code n}). */
  TupleValue NULL = new Null();

  /** A TOASTed value the change did not touch, left out by the server ({@code u}). */
  TupleValue UNCHANGED_TOAST = new UnchangedToast();

  /**
   * A value in PostgreSQL's text output format.
   *
   * @param text the text
   * @return the value
   */
  static TupleValue text(String text) {
    return new Text(text);
  }

  /**
   * A value in the type's binary send format (only with the {@code binary} option).
   *
   * @param bytes the bytes (copied)
   * @return the value
   */
  static TupleValue binary(byte[] bytes) {
    return new Binary(bytes);
  }

  /**
   * The value's kind byte on the wire.
   *
   * @return {@code n}, {@code u}, {@code t} or {@code b}
   */
  char kind();

  /** The SQL null. */
  record Null() implements TupleValue {
    @Override
    public char kind() {
      return 'n';
    }
  }

  /** An unchanged TOASTed value: the column keeps its value, which was not sent. */
  record UnchangedToast() implements TupleValue {
    @Override
    public char kind() {
      return 'u';
    }
  }

  /**
   * A value in text format.
   *
   * @param text the type's text output, decoded from UTF-8
   */
  record Text(String text) implements TupleValue {
    /** Rejects a null text (a null value is {@link TupleValue#NULL}). */
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public char kind() {
      return 't';
    }
  }

  /**
   * A value in binary format.
   *
   * @param bytes the type's binary send output (copied in and out)
   */
  record Binary(byte[] bytes) implements TupleValue {
    /** Copies the bytes, so that the value stays immutable. */
    public Binary {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public char kind() {
      return 'b';
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Binary that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Binary[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }
}
