package io.planetscale.cdc;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a stream's metadata: {@code {"metadata":{...,"breadcrumb":[...]}}} as singer-tap
 * writes it (the breadcrumb inside {@code metadata}). The standard Singer shape, with
 * {@code breadcrumb} beside {@code metadata}, is read too.
 *
 * @param metadata the entry's content
 */
public record Metadata(NodeMetadata metadata) {

  /**
   * Validates the component.
   *
   * @param metadata the entry's content
   */
  public Metadata {
    Objects.requireNonNull(metadata, "metadata");
  }

  /** @return the entry's breadcrumb: {@code []} for the table, {@code ["properties","<column>"]} for a column */
  public List<String> breadcrumb() {
    return metadata.breadcrumb();
  }
}
