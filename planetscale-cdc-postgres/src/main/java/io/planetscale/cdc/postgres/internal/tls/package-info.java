/**
 * TLS plumbing for PgJDBC: a socket factory that trusts given PEM certificates. Internal: not part of the API.
 */
package io.planetscale.cdc.postgres.internal.tls;
