package io.planetscale.cdc.jdbc;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's one {@link MariaDbServer}: started the first time a test asks for it, kept
 * in the root store so every test class shares it, and closed by JUnit when the whole test plan
 * ends (the store closes {@link AutoCloseable} values).
 */
final class MariaDbExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MariaDbExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MariaDbServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(MariaDbServer.class, k -> MariaDbServer.start(), MariaDbServer.class);
  }
}
