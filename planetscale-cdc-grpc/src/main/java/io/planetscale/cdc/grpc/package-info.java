/**
 * The PlanetScale transports over grpc-okhttp: {@code ConnectEdgeDatabase} (psdbconnect
 * {@code Connect/Sync}), {@code ChangeStream} and {@code PlanetScaleClient}; and what a keyspace
 * stream delivers: {@code Transaction}s to a {@code TransactionListener}, each with a {@code VGtid}
 * to resume from. Generated protobuf and gRPC classes live in the internal module
 * {@code planetscale-cdc-wire} ({@code io.planetscale.cdc.wire.internal.*}); none is API.
 */
package io.planetscale.cdc.grpc;
