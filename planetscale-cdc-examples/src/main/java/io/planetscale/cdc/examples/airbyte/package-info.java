/**
 * The Airbyte source command line: {@code spec}, {@code check}, {@code discover} and {@code read},
 * writing Airbyte protocol messages (one JSON object per line) to stdout. See {@link
 * io.planetscale.cdc.examples.airbyte.AirbyteSource}.
 */
package io.planetscale.cdc.examples.airbyte;
