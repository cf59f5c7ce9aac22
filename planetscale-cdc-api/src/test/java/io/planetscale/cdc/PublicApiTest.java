package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.OnCursor;
import io.planetscale.cdc.spi.OnResult;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No generated protobuf class may leak into the public API of the api module. */
class PublicApiTest {
  private static final List<Class<?>> PUBLIC_TYPES = List.of(Catalog.class, ConfigurationException.class,
      AuthenticationException.class, ConnectionException.class, DiscoverSettings.class, Field.class, GtidSet.class,
      Metadata.class, MetadataCollection.class, NodeMetadata.class, Operation.class, PlanetScaleCdc.class,
      PlanetScaleCdcException.class, PlanetScaleSource.class, PlanetScaleSource.Builder.class, Positions.class,
      QueryResult.class, QueryResults.class, Record.class, RecordPosition.class, RecordSink.class,
      SchemaChange.class, SchemaMismatchException.class, SerializedCursor.class, ShardStates.class,
      SinkException.class, StaleCursorException.class, State.class, Stream.class, StreamProperty.class, StreamSchema.class,
      SyncLogger.class, TableCursor.class, TabletType.class, Value.class, Values.class, VitessTablet.class,
      VitessType.class, EdgeDatabase.class, MysqlAccess.class, OnCursor.class, OnResult.class, ReadOptions.class,
      ReadParams.class, RecordConverter.class, RetryPolicy.class, SyncOptions.class,
      io.planetscale.cdc.spi.MysqlColumnTypes.class, io.planetscale.cdc.spi.MysqlAccessProvider.class);

  @Test
  void noPublicSignatureMentionsAGeneratedClass() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : PUBLIC_TYPES) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          check(leaks, c.getName() + "." + m.getName() + " returns", m.getGenericReturnType());
          for (Parameter p : m.getParameters()) {
            check(leaks, c.getName() + "." + m.getName() + " takes", p.getParameterizedType());
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          for (Parameter p : k.getParameters()) {
            check(leaks, c.getName() + " constructor takes", p.getParameterizedType());
          }
        }
      }
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(leaks, c.getName() + "." + rc.getName(), rc.getGenericType());
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void everyListedTypeIsPublicAndOnlyThoseInThePackageAre() {
    for (Class<?> c : PUBLIC_TYPES) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isTrue();
    }
    // Internals stay package-private.
    for (Class<?> c : List.of(SyncEngine.class, ShardSync.class, SchemaFilter.class,
        SyncProgress.class, ColumnValues.class, ColumnSet.class, CursorCodec.class, ColumnConverter.class,
        ShardOrder.class, TabletCells.class, CatalogDiscovery.class, ExceptionContext.class)) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isFalse();
    }
  }

  private static void check(List<String> leaks, String where, Type type) {
    if (type.getTypeName().contains(".internal.proto.") || type.getTypeName().contains("com.google.protobuf")) {
      leaks.add(where + " " + type.getTypeName());
    }
  }
}
