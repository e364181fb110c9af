package dev.augment.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.augment.api.Extensions;
import dev.augment.api.Subscription;
import dev.augment.testkit.TestPluginContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The test kit's context offers extension views a plugin's unit test can set and change. */
class TestKitExtensionsTest {

  /** An extension point, as a plugin would own one. */
  interface Codec {
    String name();
  }

  @Test
  void aTestContextsViewStartsAsGivenAndTellsListenersOfEachRealChange() {
    Codec a = () -> "a";
    Codec b = () -> "b";
    try (TestPluginContext context =
        TestPluginContext.named("storage").extensions(Codec.class, List.of(a)).build()) {
      Extensions<Codec> view = context.extensions(Codec.class);
      assertSame(view, context.extensions(Codec.class), "one view per type");
      assertEquals(Codec.class, view.type());
      assertEquals(List.of(a), view.current());
      List<List<Codec>> told = new CopyOnWriteArrayList<>();
      Subscription s = view.onChange(told::add);

      context.changeExtensions(Codec.class, List.of(a, b));
      assertEquals(List.of(List.of(a, b)), told);
      assertEquals(List.of("a", "b"), view.stream().map(Codec::name).toList());

      context.changeExtensions(Codec.class, List.of(a, b)); // the same instances: nobody is told
      assertEquals(1, told.size());
      s.close();
      context.changeExtensions(Codec.class, List.of());
      assertEquals(1, told.size(), "a closed subscription hears nothing");
      assertEquals(List.of(), view.current());
      assertEquals(List.of(), context.extensions(Runnable.class).current(), "empty by default");
    }
  }
}
