/**
 * The Singer tap command line ({@code bin/singer-tap}): {@code --discover} prints a singer-tap
 * catalog; a sync prints Singer {@code SCHEMA}, {@code RECORD} and {@code STATE} messages on stdout
 * and logs on stderr. See {@link io.planetscale.cdc.examples.singer.SingerTap}.
 */
package io.planetscale.cdc.examples.singer;
