package io.planetscale.cdc.postgres.embedded;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Supplies one {@link SharedPostgresServer} per major version under test: 17 and 18, or those listed in the
 * system property {@code postgres.versions} (for example {@code -Dpostgres.versions=18}). The servers are
 * kept in the launcher session's store, so every test class of the run shares them, and JUnit closes them when
 * the session ends.
 */
public final class PostgresVersions implements ArgumentsProvider {
  /** The majors PlanetScale Postgres offers. */
  public static final List<Integer> SUPPORTED = List.of(17, 18);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresVersions.class);

  /** Creates the provider (JUnit does). */
  public PostgresVersions() {}

  @Override
  public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
    // The launcher session spans every test class of the run (the root context would end with each class, as
    // surefire runs classes one by one).
    ExtensionContext.Store store = context.getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, NAMESPACE);
    return selected().stream().map(major -> Arguments.of(store.computeIfAbsent("postgres-" + major,
        key -> new SharedPostgresServer(major), SharedPostgresServer.class)));
  }

  private static List<Integer> selected() {
    String property = System.getProperty("postgres.versions", "");
    if (property.isBlank()) {
      return SUPPORTED;
    }
    List<Integer> majors = Arrays.stream(property.split(",")).map(String::strip).map(Integer::valueOf).toList();
    for (int major : majors) {
      if (!SUPPORTED.contains(major)) {
        throw new IllegalArgumentException("postgres.versions lists " + major + "; supported: " + SUPPORTED);
      }
    }
    return majors;
  }
}
