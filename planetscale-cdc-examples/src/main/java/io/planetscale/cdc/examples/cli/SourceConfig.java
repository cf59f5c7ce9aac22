package io.planetscale.cdc.examples.cli;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.grpc.BinlogRowImage;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command line's config file: the SDK's source JSON ({@link PlanetScaleSource#fromJson}) plus the
 * optional {@code "transport"} ({@code "vstream"} or {@code "psdbconnect"}) and
 * {@code "binlog_row_image"} ({@code "full"}, the default, {@code "noblob"} or {@code "minimal"}:
 * the database's MySQL setting, which VStream needs to tell a column the server did not log from
 * NULL; psdbconnect ignores it). Every command line builds its {@link PlanetScaleClient} and
 * {@link ChangeStream} here, so both are honoured everywhere; without a transport the SDK builder's
 * default applies, whatever it is at the time.
 */
public final class SourceConfig {
  /** The config key, and the field named in its errors. */
  public static final String TRANSPORT = "transport";
  /** The config key of the server's {@code binlog_row_image}, and the field named in its errors. */
  public static final String BINLOG_ROW_IMAGE = "binlog_row_image";

  private final PlanetScaleSource source;
  private final Transport transport;
  private final BinlogRowImage rowImage;

  private SourceConfig(PlanetScaleSource source, Transport transport, BinlogRowImage rowImage) {
    this.source = Objects.requireNonNull(source, "source");
    this.transport = transport;
    this.rowImage = Objects.requireNonNull(rowImage, "rowImage");
  }

  /**
   * @param text the config JSON
   * @return the source, the transport and the binlog row image it names
   * @throws ConfigurationException naming the field that is missing or wrong, e.g. an unknown
   *     {@code transport} or {@code binlog_row_image} and its value
   */
  public static SourceConfig parse(String text) {
    PlanetScaleSource source = PlanetScaleSource.fromJson(text); // first: its errors cover invalid JSON
    Map<String, Object> root = Json.object("config", Json.parse("config", text));
    Object value = root.get(TRANSPORT);
    Transport transport = null;
    if (value != null) {
      if (!(value instanceof String name)) {
        throw new ConfigurationException(TRANSPORT + ": expected \"vstream\" or \"psdbconnect\", got "
            + Json.write(value));
      }
      transport = Transport.fromConfig(TRANSPORT, name);
    }
    Object image = root.get(BINLOG_ROW_IMAGE);
    if (image != null && !(image instanceof String)) {
      throw new ConfigurationException(BINLOG_ROW_IMAGE + ": expected \"full\", \"noblob\" or \"minimal\", got "
          + Json.write(image));
    }
    return new SourceConfig(source, transport,
        image == null ? BinlogRowImage.FULL : BinlogRowImage.fromConfig(BINLOG_ROW_IMAGE, (String) image));
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
        : Transport.fromConfig(field, transportName), BinlogRowImage.FULL);
  }

  /** @return where to connect */
  public PlanetScaleSource source() {
    return source;
  }

  /** @return the transport the config names, or empty for the SDK builder's default */
  public Optional<Transport> transport() {
    return Optional.ofNullable(transport);
  }

  /** @return the server's {@code binlog_row_image} as the config declares it; FULL when it does not */
  public BinlogRowImage binlogRowImage() {
    return rowImage;
  }

  /** @return the connection settings: the SDK's defaults with the config's binlog row image */
  public ConnectOptions connectOptions() {
    return ConnectOptions.builder().binlogRowImage(rowImage).build();
  }

  /**
   * @return a client builder for the source with the config's transport, if it names one, and its
   *     binlog row image
   */
  public PlanetScaleClient.Builder clientBuilder() {
    PlanetScaleClient.Builder b = PlanetScaleClient.builder(source).connectOptions(connectOptions());
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
   * @return a change-stream builder for it with the config's transport, if it names one, and its
   *     binlog row image
   */
  public ChangeStream.Builder changeStream(Stream table) {
    ChangeStream.Builder b = ChangeStream.builder(source, table).connectOptions(connectOptions());
    if (transport != null) {
      b.transport(transport);
    }
    return b;
  }
}
