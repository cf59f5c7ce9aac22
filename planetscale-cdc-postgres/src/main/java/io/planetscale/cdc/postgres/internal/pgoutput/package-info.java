/**
 * A decoder of PostgreSQL's {@code pgoutput} logical replication protocol (versions 1 to 4), written for this
 * module: typed, immutable messages, and a cache of the relations they refer to. Internal: not part of the
 * SDK's API.
 *
 * <p>The format is PostgreSQL's "Logical Replication Message Formats" (protocol.sgml); the field order
 * follows {@code src/backend/replication/logical/proto.c}.
 */
package io.planetscale.cdc.postgres.internal.pgoutput;
