/**
 * Test companions: {@code FakePlanetScale}, an in-memory PlanetScale served over real gRPC on
 * loopback, with {@code RecordingSink} and {@code RecordingLogger}.
 */
package io.planetscale.cdc.testkit;
