/**
 * The change-stream command line: the inserts, updates and deletes of one table from now on, with
 * the cursor after each batch, as JSON lines; or, with {@code --keyspace}, every table of the
 * keyspace as committed transactions with a resumable position file. Run it with
 * {@code bin/change-stream}.
 */
package io.planetscale.cdc.examples.stream;
