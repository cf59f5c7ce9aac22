package io.planetscale.cdc.examples.readme;

import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the SDK discover through the testkit's {@link FakeMysqlAccessProvider} for one test, the way
 * a snippet written for users finds its {@code MysqlAccess} (by ServiceLoader), then restores the
 * system property as it was.
 */
final class FakeDiscovery implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FakeDiscovery.class);
  private static final String NONE = "";

  @Override
  public void beforeEach(ExtensionContext context) {
    String previous = System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    context.getStore(NS).put(MysqlAccessProvider.PROPERTY, previous == null ? NONE : previous);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    String previous = context.getStore(NS).get(MysqlAccessProvider.PROPERTY, String.class);
    if (previous == null || previous.equals(NONE)) {
      System.clearProperty(MysqlAccessProvider.PROPERTY);
    } else {
      System.setProperty(MysqlAccessProvider.PROPERTY, previous);
    }
  }
}
