package io.planetscale.cdc.examples.cli;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import java.util.Objects;
import java.util.Optional;

/**
 * A command line's config file: the SDK's source JSON ({@link PlanetScaleSource#fromJson}) plus the
 * optional {@code "transport"} ({@code "vstream"} or {@code "psdbconnect"}). Every command line
 * builds its {@link PlanetScaleClient} and {@link ChangeStream} here, so the transport is honoured
 * everywhere; without one the SDK builder's default applies, whatever it is at the time.
 */
public final class SourceConfig {
  /** The config key, and the field named in its errors. */
  public static final String TRANSPORT = "transport";

  private final PlanetScaleSource source;
  private final Transport transport;

  private SourceConfig(PlanetScaleSource source, Transport transport) {
    this.source = Objects.requireNonNull(source, "source");
    this.transport = transport;
  }

  /**
   * @param text the config JSON
   * @return the source and the transport it names
   * @throws ConfigurationException naming the field that is missing or wrong, e.g. an unknown
   *     {@code transport} and its value
   */
  public static SourceConfig parse(String text) {
    PlanetScaleSource source = PlanetScaleSource.fromJson(text); // first: its errors cover invalid JSON
    Object value = Json.object("config", Json.parse("config", text)).get(TRANSPORT);
    if (value == null) {
      return new SourceConfig(source, null);
    }
    if (!(value instanceof String name)) {
      throw new ConfigurationException(TRANSPORT + ": expected \"vstream\" or \"psdbconnect\", got "
          + Json.write(value));
    }
    return new SourceConfig(source, Transport.fromConfig(TRANSPORT, name));
  }

  /**
   * Reads and parses a config file.
   *
   * @param path the file, or null when the flag was not given
   * @param flag the flag that names it, for the message when it is missing
   * @return the config
   * @throws CliException naming the file and what is wrong with it
   */
  public static SourceConfig read(String path, String flag) {
    return InputFile.read("config", path, flag, SourceConfig::parse);
  }

  /**
   * A config whose transport comes from elsewhere (the demo's environment).
   *
   * @param source where to connect
   * @param transportName {@code "vstream"}, {@code "psdbconnect"}, or null or blank for the default
   * @param field where {@code transportName} came from, for the error message
   * @return the config
   * @throws ConfigurationException naming {@code field} and the value if it is not a transport
   */
  public static SourceConfig of(PlanetScaleSource source, String transportName, String field) {
    return new SourceConfig(source, transportName == null || transportName.isBlank() ? null
        : Transport.fromConfig(field, transportName));
  }

  /** @return where to connect */
  public PlanetScaleSource source() {
    return source;
  }

  /** @return the transport the config names, or empty for the SDK builder's default */
  public Optional<Transport> transport() {
    return Optional.ofNullable(transport);
  }

  /**
   * @return a client builder for the source with the config's transport, if it names one
   */
  public PlanetScaleClient.Builder clientBuilder() {
    PlanetScaleClient.Builder b = PlanetScaleClient.builder(source);
    if (transport != null) {
      b.transport(transport);
    }
    return b;
  }

  /**
   * @return a client for the source with the config's transport, if it names one
   * @throws io.planetscale.cdc.PlanetScaleCdcException if it cannot be created
   */
  public PlanetScaleClient client() {
    return clientBuilder().build();
  }

  /**
   * @param table the table to follow
   * @return a change-stream builder for it with the config's transport, if it names one
   */
  public ChangeStream.Builder changeStream(Stream table) {
    ChangeStream.Builder b = ChangeStream.builder(source, table);
    if (transport != null) {
      b.transport(transport);
    }
    return b;
  }
}
