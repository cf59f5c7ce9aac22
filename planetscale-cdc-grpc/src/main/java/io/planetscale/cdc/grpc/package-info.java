/**
 * The psdbconnect {@code Connect/Sync} transport: {@code ConnectEdgeDatabase}, {@code ChangeStream}
 * and {@code PlanetScaleClient} over grpc-okhttp. Generated protobuf and gRPC classes live in the
 * internal packages {@code io.planetscale.cdc.grpc.internal.proto.*}, and
 * {@code io.planetscale.cdc.grpc.internal.ProtoCodec} converts them to the api module's types; neither
 * is API.
 */
package io.planetscale.cdc.grpc;
