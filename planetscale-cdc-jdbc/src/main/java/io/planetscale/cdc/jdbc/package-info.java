/**
 * Schema discovery over mariadb-java-client: {@link io.planetscale.cdc.jdbc.JdbcMysqlAccess}, the
 * JDBC implementation of {@link io.planetscale.cdc.spi.MysqlAccess} (the Go
 * {@code PlanetScaleEdgeMysqlAccess}).
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * PlanetScaleSource source = PlanetScaleSource.builder()
 *     .host("aws.connect.psdb.cloud").database("mydb")
 *     .username("user").password(System.getenv("PLANETSCALE_PASSWORD"))
 *     .build();
 * try (JdbcMysqlAccess mysql = JdbcMysqlAccess.open(source)) {
 *   Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.autoSelectAll());
 *   List<String> shards = mysql.vitessShards(source);   // e.g. [-80, 80-]
 * }
 * }</pre>
 * With this module on the classpath, {@code PlanetScaleClient.create(source)} finds it through
 * {@link io.planetscale.cdc.jdbc.JdbcMysqlAccessProvider} ({@link java.util.ServiceLoader}).
 *
 * <h2>Connection</h2>
 * <ul>
 *   <li>URL: {@code jdbc:mariadb://host:3306/<database>@primary} ({@code @replica} when the tablet
 *       type is {@link io.planetscale.cdc.TabletType#REPLICA}; no suffix for a
 *       {@linkplain io.planetscale.cdc.PlanetScaleSource#plaintext() plaintext} source), see
 *       {@link io.planetscale.cdc.PlanetScaleSource#jdbcUrl}. The tablet type defaults to the
 *       source's and can be set in {@link io.planetscale.cdc.jdbc.JdbcOptions}.
 *   <li>Username and password go in the driver properties, never in the URL.
 *   <li>TLS: {@link io.planetscale.cdc.jdbc.SslMode#VERIFY_FULL} (certificate chain and host name)
 *       unless the source is plaintext; settable. The source's
 *       {@linkplain io.planetscale.cdc.PlanetScaleSource#trustedCertificatesPem() trusted certificates}
 *       go to the driver's {@code serverSslCert}.
 *   <li>Timeouts: connect 10 s, ping 5 s, every other statement 30 s (the Go connectors' values).
 *   <li>One connection, opened on first use, reused, reopened after a connection failure.
 * </ul>
 *
 * <h2>Statements</h2>
 * Every value is bound as a parameter; the database name, the only identifier that has to be part
 * of a statement's text, is quoted with backticks (inner backticks doubled).
 * <table class="striped">
 *   <caption>What each method runs</caption>
 *   <thead><tr><th scope="col">method</th><th scope="col">statement</th><th scope="col">notes</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code ping}</td><td>{@link java.sql.Connection#isValid(int)}</td><td>5 s</td></tr>
 *     <tr><td>{@code tableNames}</td><td>{@code SHOW TABLES FROM `db`}</td>
 *         <td>Vitess internal tables ({@code _vt_...}, online-DDL and VReplication tables) left out</td></tr>
 *     <tr><td>{@code tableSchema}</td><td>{@code information_schema.columns} for
 *         {@code table_schema = ? AND table_name = ?}, by {@code ordinal_position}</td>
 *         <td>{@code column_type} and {@code is_nullable} through
 *         {@link io.planetscale.cdc.spi.MysqlColumnTypes#jsonSchema}; an unknown table is an error</td></tr>
 *     <tr><td>{@code primaryKeys}</td><td>{@code information_schema.key_column_usage} where
 *         {@code constraint_name = 'PRIMARY'}, by {@code ordinal_position}</td>
 *         <td>key order, which may differ from column order; empty without a primary key</td></tr>
 *     <tr><td>{@code vitessShards}</td><td>{@code SHOW VITESS_SHARDS}</td>
 *         <td>only rows {@code keyspace/shard} whose keyspace is exactly the database</td></tr>
 *     <tr><td>{@code vitessTablets}</td><td>{@code SHOW VITESS_TABLETS}</td><td>8 columns; NULL as {@code ""}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Column types</h2>
 * The JSON schema of each MySQL column type, for the whole type matrix (integers of every width,
 * {@code tinyint(1)} as boolean or integer, decimals, floating point, {@code bit(n)}, dates and
 * times, text, binary, {@code enum}, {@code set}, {@code json}, spatial types), is the table in
 * {@link io.planetscale.cdc.spi.MysqlColumnTypes}; this module applies it unchanged, so discovery over
 * JDBC and the testkit's in-memory access describe a column the same way.
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>Rejected credentials (MySQL error 1044, 1045, 1698 or SQLState 28000):
 *       {@link io.planetscale.cdc.AuthenticationException}.
 *   <li>Unknown host, refused or timed-out connection, a connection lost mid-query, a statement
 *       timeout (SQLState class 08, the driver's connection exceptions, {@link java.sql.SQLTimeoutException}):
 *       {@link io.planetscale.cdc.ConnectionException}.
 *   <li>Unknown database (error 1049): {@link io.planetscale.cdc.ConfigurationException}.
 *   <li>{@code SHOW VITESS_SHARDS}/{@code SHOW VITESS_TABLETS} on a server that is not Vitess
 *       (MariaDB, plain MySQL): a {@link io.planetscale.cdc.PlanetScaleCdcException} saying so.
 *   <li>Anything else: {@link io.planetscale.cdc.PlanetScaleCdcException}.
 * </ul>
 * Messages name the operation, the database and the table, and carry the server's message, SQLState
 * and error code. They never contain the password: should a driver message echo it, the cause chain
 * is replaced by copies with the password cut out.
 */
package io.planetscale.cdc.jdbc;
