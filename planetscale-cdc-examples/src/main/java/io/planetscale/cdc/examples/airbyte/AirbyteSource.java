package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.GrpcLogging;
import io.planetscale.cdc.examples.cli.InputFile;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PlanetScale Airbyte source as a command line, a drop-in for the Go {@code airbyte-source}:
 *
 * <pre>
 * airbyte-source spec
 * airbyte-source check    --config source.json
 * airbyte-source discover --config source.json
 * airbyte-source read     --config source.json --catalog catalog.json [--state state.json]
 * </pre>
 *
 * <p>The config is a PlanetScale (Vitess) one, or, with {@code "source_type": "postgres"}, a PlanetScale Postgres
 * one ({@link PostgresConfig}, read with {@link io.planetscale.cdc.postgres.PostgresClient}).
 *
 * <p>Every stdout line is one Airbyte message (SPEC, CONNECTION_STATUS, CATALOG, RECORD, STATE, LOG,
 * TRACE); nothing else is ever printed there. Exit codes: 0 when the command completed, including a
 * check that reports FAILED (the Airbyte protocol); 1 on any error, which is reported as a LOG ERROR
 * and a TRACE error message on stdout and as one line on stderr. A config file that is missing or
 * invalid is such an error for every command; {@code check} then also prints a FAILED
 * CONNECTION_STATUS. No message ever contains the password.
 */
public final class AirbyteSource {
  private static final String USAGE = "usage: airbyte-source spec | check --config <file> | discover --config <file>"
      + " | read --config <file> --catalog <file> [--state <file>]";

  private AirbyteSource() {}

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the command and its flags
   */
  public static void main(String[] args) {
    GrpcLogging.routeToSlf4j(); // a failure is one error line, not grpc's warning with a stack trace
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
        false, StandardCharsets.UTF_8);
    int code = run(args, out, System.err);
    out.flush();
    System.exit(code);
  }

  /**
   * Runs one command.
   *
   * @param args the command ({@code spec}, {@code check}, {@code discover}, {@code read}) and its flags
   * @param out where the Airbyte messages go (stdout)
   * @param err where a failure's one-line explanation goes (stderr)
   * @return the exit code: 0 when the command completed, 1 on an error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Messages messages = new Messages(out);
    String command = args.length == 0 ? "" : args[0];
    try {
      String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
      switch (command) {
        case "spec":
          Args.parse(rest, Set.of(), Set.of());
          messages.spec(Spec.spec());
          return 0;
        case "check":
          return check(Args.parse(rest, Set.of("config"), Set.of()), messages);
        case "discover":
          return discover(Args.parse(rest, Set.of("config"), Set.of()), messages);
        case "read": {
          Args parsed = Args.parse(rest, Set.of("config", "catalog", "state"), Set.of());
          Object config = readAnyConfig(parsed, messages);
          return config instanceof PostgresConfig pg ? PostgresCommands.read(pg, parsed, messages)
              : ReadCommand.run((SourceConfig) config, parsed, messages);
        }
        default:
          throw new CliException((command.isEmpty() ? "no command given" : "unknown command \"" + command + "\"")
              + "; " + USAGE);
      }
    } catch (RuntimeException e) {
      String prefix = command.equals("discover") && !(e instanceof CliException)
          ? "Unable to discover database, failed with " : "";
      return fail(messages, err, e, prefix);
    } finally {
      messages.flush();
    }
  }

  /**
   * Reads {@code --config}: a PlanetScale Postgres config ({@link PostgresConfig}, {@code "source_type":
   * "postgres"}) or else a PlanetScale (Vitess) one (the source and its optional {@code transport}); logs a WARN
   * for keys of the Go connector this one does not support.
   *
   * @param args the parsed arguments
   * @param messages where warnings go; the password is registered for redaction
   * @return a {@link PostgresConfig} or a {@link SourceConfig}
   * @throws CliException naming the file and what is wrong with it
   */
  static Object readAnyConfig(Args args, Messages messages) {
    String[] raw = new String[1];
    Object config = InputFile.read("config", args.value("config"), "--config", text -> {
      raw[0] = text;
      Map<String, Object> root = jsonObject(text);
      return root != null && PostgresConfig.isPostgres(root) ? PostgresConfig.parse(root) : SourceConfig.parse(text);
    });
    if (config instanceof PostgresConfig pg) {
      messages.redact(pg.source().password());
      return pg;
    }
    SourceConfig vitess = (SourceConfig) config;
    messages.redact(vitess.source().password());
    Map<String, Object> root = jsonObject(raw[0]);
    if (root != null && Boolean.TRUE.equals(root.get("include_metadata"))) {
      messages.log(Messages.Level.WARN, "include_metadata is not supported by this source and is ignored");
    }
    return vitess;
  }

  /** @return the text's JSON object, or null when it is not one (the Vitess parser then reports what is wrong) */
  private static Map<String, Object> jsonObject(String text) {
    try {
      Object root = Json.parse("config", text);
      return root instanceof Map<?, ?> ? Json.object("config", root) : null;
    } catch (ConfigurationException e) {
      return null;
    }
  }

  private static int check(Args args, Messages messages) {
    Object any;
    try {
      any = readAnyConfig(args, messages);
    } catch (CliException e) {
      messages.connectionStatus(false, "Configuration for PlanetScale database is invalid, unable to read source"
          + " configuration: " + e.getMessage());
      throw e;
    }
    if (any instanceof PostgresConfig pg) {
      return PostgresCommands.check(pg, messages);
    }
    SourceConfig config = (SourceConfig) any;
    PlanetScaleSource source = config.source();
    String who = "database " + source.database() + " at host " + source.host() + " with username "
        + source.username();
    try {
      try (PlanetScaleClient client = config.client()) {
        client.check();
      }
    } catch (RuntimeException e) {
      messages.connectionStatus(false, "Unable to connect to PlanetScale " + who + ". Failed with " + e.getMessage());
      return 0;
    }
    messages.connectionStatus(true, "Successfully connected to " + who);
    return 0;
  }

  private static int discover(Args args, Messages messages) {
    Object any = readAnyConfig(args, messages);
    if (any instanceof PostgresConfig pg) {
      return PostgresCommands.discover(pg, messages);
    }
    SourceConfig config = (SourceConfig) any;
    PlanetScaleSource source = config.source();
    try (PlanetScaleClient client = config.client()) {
      Catalog catalog = client.discover(new DiscoverSettings(false, List.of(), true,
          !source.doNotTreatTinyIntAsBoolean()));
      messages.catalog(AirbyteCatalogs.toAirbyte(catalog, source.database()));
    }
    return 0;
  }

  private static int fail(Messages messages, PrintStream err, RuntimeException e, String prefix) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String message = prefix.isEmpty() ? reason : prefix + "[" + reason + "]";
    boolean configError = e instanceof CliException || e instanceof ConfigurationException
        || e instanceof AuthenticationException;
    messages.log(Messages.Level.ERROR, message);
    messages.traceError(message, configError);
    err.println("airbyte-source: " + messages.scrub(message));
    err.flush();
    return 1;
  }
}
