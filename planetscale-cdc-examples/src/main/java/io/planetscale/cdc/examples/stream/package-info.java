/**
 * The change-stream command line: the inserts, updates and deletes of one table from now on, with
 * the cursor after each batch, as JSON lines. Run it with {@code bin/change-stream}.
 */
package io.planetscale.cdc.examples.stream;
