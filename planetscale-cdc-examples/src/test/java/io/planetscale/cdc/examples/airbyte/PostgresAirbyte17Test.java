package io.planetscale.cdc.examples.airbyte;

/** The Airbyte source's Postgres config end to end on PostgreSQL 17. */
class PostgresAirbyte17Test extends PostgresAirbyteSourceTests {
  @Override
  String binariesProperty() {
    return "postgres17.binaries";
  }
}
