package io.planetscale.cdc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON schema of a stream: {@code {"type":["null","object"],"additionalProperties":false,"properties":{...}}}.
 *
 * @param type the JSON schema types of the record, normally {@code ["null","object"]}
 * @param additionalProperties whether properties beyond {@code properties} may appear (always false from discover)
 * @param properties the columns' schemas, in column order
 */
public record StreamSchema(List<String> type, boolean additionalProperties, Map<String, StreamProperty> properties) {

  /** The record types discover emits. */
  public static final List<String> OBJECT_TYPES = List.of("null", "object");

  /**
   * Makes the collections unmodifiable, keeping property order.
   *
   * @param type the JSON schema types of the record, normally {@code ["null","object"]}
   * @param additionalProperties whether properties beyond {@code properties} may appear (always false from discover)
   * @param properties the columns' schemas, in column order
   */
  public StreamSchema {
    type = List.copyOf(Objects.requireNonNull(type, "type"));
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(properties, "properties")));
  }

  /**
   * The schema discover builds: {@code ["null","object"]}, no additional properties.
   *
   * @param properties the columns' schemas in column order
   * @return the schema
   */
  public static StreamSchema of(Map<String, StreamProperty> properties) {
    return new StreamSchema(OBJECT_TYPES, false, properties);
  }
}
