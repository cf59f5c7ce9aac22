package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

// region readme:source
import io.planetscale.cdc.PlanetScaleSource;
// endregion readme:source
import io.planetscale.cdc.TabletType;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * README "Using the core API": how {@code source} is built. Building it connects nowhere, so the test
 * builds the README's own source and checks what it says.
 */
class SourceSnippetTest {

  static PlanetScaleSource readmeSource() {
    // region readme:source
    PlanetScaleSource source = PlanetScaleSource.builder()
        .host("aws.connect.psdb.cloud")
        .database("mydb")
        .username(System.getenv("PLANETSCALE_USERNAME"))
        .password(System.getenv("PLANETSCALE_PASSWORD"))
        .build();
    // endregion readme:source
    return source;
  }

  @Test
  void buildsAVerifiedTlsSourceForPlanetScaleWithoutConnecting() {
    PlanetScaleSource source = readmeSource();
    assertThat(source.host()).isEqualTo("aws.connect.psdb.cloud");
    assertThat(source.database()).isEqualTo("mydb");
    assertThat(source.username()).isEqualTo(Objects.requireNonNullElse(System.getenv("PLANETSCALE_USERNAME"), ""));
    assertThat(source.plaintext()).isFalse();
    assertThat(source.trustedCertificatesPem()).isNull();
    assertThat(source.grpcPort()).isEqualTo(443);
    assertThat(source.mysqlPort()).isEqualTo(3306);
    assertThat(source.tabletType()).isEqualTo(TabletType.PRIMARY);
    assertThat(source.toString()).contains("host=aws.connect.psdb.cloud", "database=mydb")
        .containsPattern("password=(<empty>|<redacted>),");
  }
}
