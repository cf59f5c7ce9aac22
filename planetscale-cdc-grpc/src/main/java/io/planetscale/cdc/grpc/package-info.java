/**
 * The psdbconnect {@code Connect/Sync} transport: {@code ConnectEdgeDatabase}, {@code ChangeStream}
 * and {@code PlanetScaleClient} over grpc-okhttp. The generated service stub lives in the internal
 * package {@code io.planetscale.cdc.grpc.internal.proto}.
 */
package io.planetscale.cdc.grpc;
