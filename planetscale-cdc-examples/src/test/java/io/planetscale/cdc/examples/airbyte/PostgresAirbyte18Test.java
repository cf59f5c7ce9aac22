package io.planetscale.cdc.examples.airbyte;

/** The Airbyte source's Postgres config end to end on PostgreSQL 18. */
class PostgresAirbyte18Test extends PostgresAirbyteSourceTests {
  @Override
  String binariesProperty() {
    return "postgres18.binaries";
  }
}
