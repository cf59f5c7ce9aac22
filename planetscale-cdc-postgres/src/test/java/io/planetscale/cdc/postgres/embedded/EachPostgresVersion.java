package io.planetscale.cdc.postgres.embedded;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test class once per PostgreSQL major version (17 and 18). The class receives the server in a field
 * {@code @Parameter SharedPostgresServer postgres;} and calls {@code postgres.get()}; the servers are shared
 * with every other class of the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// The servers outlive each class: the session store closes them, not the end of an invocation.
@ParameterizedClass(name = "{0}", autoCloseArguments = false)
@ArgumentsSource(PostgresVersions.class)
public @interface EachPostgresVersion {}
