/**
 * Change data capture from PlanetScale Postgres (PostgreSQL 17 and 18) over logical replication with the
 * built-in {@code pgoutput} plugin.
 */
package io.planetscale.cdc.postgres;
