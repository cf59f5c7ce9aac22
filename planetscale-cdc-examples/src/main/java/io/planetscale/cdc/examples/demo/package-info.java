/**
 * The demo: a sample shop in a {@code FakePlanetScale} (or a real database, or with {@code --postgres} an
 * embedded PostgreSQL), discovered, synced in full, changed, and synced incrementally, with a summary per stream.
 * Run it with {@code bin/demo}.
 */
package io.planetscale.cdc.examples.demo;
