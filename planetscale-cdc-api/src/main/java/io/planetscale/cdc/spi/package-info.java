/**
 * The service-provider interfaces the sync engine runs on: {@link io.planetscale.cdc.spi.MysqlAccess}
 * (schema and topology over the MySQL protocol) and {@link io.planetscale.cdc.spi.EdgeDatabase}
 * (table change streams). Users implement them only to plug in their own transport or a test fake.
 */
package io.planetscale.cdc.spi;
