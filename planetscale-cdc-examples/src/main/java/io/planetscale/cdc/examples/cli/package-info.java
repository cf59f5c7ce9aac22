/** What the command lines share: arguments, input files with clear errors, atomic output files. */
package io.planetscale.cdc.examples.cli;
