/** The demo and the Airbyte, Singer and change-stream command lines built on the SDK. */
package io.planetscale.cdc.examples;
