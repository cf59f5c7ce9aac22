package io.planetscale.cdc.postgres;

import java.util.Objects;

/**
 * A column type as the converter needs it, resolved from {@code pg_type}: domains replaced by their base
 * type, arrays with their element's kind and delimiter.
 *
 * @param oid the column's declared type (a domain's own oid, as pgoutput's Relation message reports it)
 * @param name the declared type's name, e.g. {@code int4}, {@code _text}, {@code my_domain}
 * @param kind the representation of the (base) type
 * @param elementKind for {@link PgValueKind#ARRAY}, the representation of the (base) element type; else null
 * @param delimiter for arrays, the element delimiter of the array literal ({@code ,}; {@code ;} for box)
 */
record PgColumnType(long oid, String name, PgValueKind kind, PgValueKind elementKind, char delimiter) {

  PgColumnType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (kind == PgValueKind.ARRAY) {
      Objects.requireNonNull(elementKind, "elementKind");
      if (elementKind == PgValueKind.ARRAY) {
        throw new IllegalArgumentException("an array's element kind cannot be ARRAY (dimensions nest instead)");
      }
    }
  }

  /** A scalar (non-array) type. */
  static PgColumnType scalar(long oid, String name, PgValueKind kind) {
    return new PgColumnType(oid, name, kind, null, ',');
  }

  /** An array type. */
  static PgColumnType array(long oid, String name, PgValueKind elementKind, char delimiter) {
    return new PgColumnType(oid, name, PgValueKind.ARRAY, elementKind, delimiter);
  }
}
