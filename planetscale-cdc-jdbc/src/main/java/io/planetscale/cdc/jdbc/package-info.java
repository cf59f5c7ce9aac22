/**
 * Schema discovery over mariadb-java-client: {@code JdbcMysqlAccess}, the JDBC implementation of
 * {@link io.planetscale.cdc.spi.MysqlAccess}.
 */
package io.planetscale.cdc.jdbc;
