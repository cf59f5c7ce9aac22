/**
 * Internal, not API: the generated protobuf and gRPC classes ({@code .proto.*}), compiled once for
 * the grpc transports and the testkit, with {@code ProtoCodec} (their conversion to the api
 * module's types) and {@code GrpcChannels}. Anything here may change in any release.
 */
package io.planetscale.cdc.wire.internal;
