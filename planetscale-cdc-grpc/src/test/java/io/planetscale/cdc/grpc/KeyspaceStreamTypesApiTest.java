package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keyspace stream's public types keep the signatures API.md §6.1 fixes, expose no generated
 * protobuf or jackson class, and their JSON codec stays package-private.
 */
class KeyspaceStreamTypesApiTest {
  private static final List<Class<?>> PUBLIC_TYPES = List.of(VGtid.class, ShardGtid.class, TableLastPk.class,
      Transaction.class, TransactionListener.class);

  @Test
  void theSignaturesOfApiMdCompile() throws Exception {
    assertThat(Transaction.class.getConstructor(String.class, String.class, List.class, VGtid.class, Instant.class))
        .isNotNull();
    assertThat(TransactionListener.class.getMethod("onTransaction", Transaction.class).isDefault()).isFalse();
    assertThat(TransactionListener.class.getMethod("onSchemaChange", SchemaChange.class).isDefault()).isTrue();
    assertThat(TransactionListener.class.getMethod("onHeartbeat", Instant.class).isDefault()).isTrue();
    assertThat(TransactionListener.class.getMethod("onReshard", VGtid.class, VGtid.class).isDefault()).isTrue();
    assertThat(VGtid.class.getMethod("toJson").getReturnType()).isEqualTo(String.class);
    assertThat(Modifier.isStatic(VGtid.class.getMethod("fromJson", String.class).getModifiers())).isTrue();
    assertThat(components(VGtid.class)).containsExactly("shardGtids");
    assertThat(components(ShardGtid.class)).containsExactly("keyspace", "shard", "gtid", "tablePks");
    assertThat(components(TableLastPk.class)).containsExactly("table", "lastPk");
    assertThat(components(Transaction.class)).containsExactly("keyspace", "shard", "records", "position",
        "commitTime", "chunk", "lastChunk");
    assertThat(Transaction.class.getRecordComponents()[2].getGenericType().getTypeName())
        .isEqualTo("java.util.List<" + Record.class.getName() + ">");
  }

  @Test
  void noPublicSignatureMentionsAGeneratedOrJacksonClass() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : PUBLIC_TYPES) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isTrue();
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          check(leaks, c.getName() + "." + m.getName() + " returns", m.getGenericReturnType());
          for (Parameter p : m.getParameters()) {
            check(leaks, c.getName() + "." + m.getName() + " takes", p.getParameterizedType());
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        for (Parameter p : k.getParameters()) {
          check(leaks, c.getName() + " constructor takes", p.getParameterizedType());
        }
      }
    }
    assertThat(leaks).isEmpty();
    for (Class<?> c : List.of(VGtidJsonWriter.class, VGtidJsonReader.class, VGtidJsonTree.class)) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isFalse();
    }
  }

  private static List<String> components(Class<?> record) {
    List<String> names = new ArrayList<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      names.add(rc.getName());
    }
    return names;
  }

  private static void check(List<String> leaks, String where, Type type) {
    String name = type.getTypeName();
    if (name.contains(".internal.proto.") || name.contains("com.google.protobuf") || name.contains("com.fasterxml")) {
      leaks.add(where + " " + name);
    }
  }
}
