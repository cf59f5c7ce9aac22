/**
 * Test companions: {@code FakePlanetScale}, an in-memory PlanetScale served over real gRPC on
 * loopback, with {@code RecordingSink} and {@code RecordingLogger}.
 *
 * <p>A complete unit test (JUnit 5, AssertJ) of code that syncs orders, served by
 * {@link io.planetscale.cdc.testkit.FakePlanetScale}:
 *
 * <pre>
 * import static org.assertj.core.api.Assertions.assertThat;
 * import io.planetscale.cdc.Catalog;
 * import io.planetscale.cdc.DiscoverSettings;
 * import io.planetscale.cdc.Operation;
 * import io.planetscale.cdc.Record;
 * import io.planetscale.cdc.State;
 * import io.planetscale.cdc.grpc.PlanetScaleClient;
 * import io.planetscale.cdc.testkit.FakePlanetScale;
 * import io.planetscale.cdc.testkit.RecordingSink;
 * import io.planetscale.cdc.testkit.TableSpec;
 * import java.math.BigDecimal;
 * import java.util.Map;
 * import org.junit.jupiter.api.Test;
 *
 * &#64;Test
 * void syncsOrdersThenOnlyTheChanges() throws Exception {
 *   try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
 *       PlanetScaleClient client = PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess()).build()) {
 *     fake.createTable(TableSpec.builder("orders")
 *         .column("id", "bigint").column("total", "decimal(10,2)").primaryKey("id").build());
 *     fake.insert("orders", Map.of("id", 1, "total", new BigDecimal("9.99")));
 *     fake.insert("orders", Map.of("id", 2, "total", new BigDecimal("5.00")));
 *
 *     Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
 *     RecordingSink firstSync = new RecordingSink();
 *     State state = client.sync(catalog, State.empty(), firstSync);
 *     assertThat(firstSync.records()).hasSize(2);
 *
 *     fake.update("orders", 2, Map.of("total", new BigDecimal("7.50")));
 *     RecordingSink secondSync = new RecordingSink();
 *     client.sync(catalog, state, secondSync);
 *     Record changed = secondSync.records().get(0);
 *     assertThat(secondSync.records()).hasSize(1);
 *     assertThat(changed.operation()).isEqualTo(Operation.UPDATE);
 *     assertThat(changed.data()).containsEntry("id", 2L).containsEntry("total", new BigDecimal("7.50"));
 *   }
 * }
 * </pre>
 */
package io.planetscale.cdc.testkit;
