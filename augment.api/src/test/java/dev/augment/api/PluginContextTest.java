package dev.augment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** What {@link PluginContext} promises an implementation written outside Augment. */
class PluginContextTest {

  /** A context as a third party writes it: every abstract method, and not {@code extensions}. */
  private static final class MinimalContext implements PluginContext {
    @Override
    public PluginInfo plugin() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Environment environment() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Hooks hooks() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Logger logger() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PluginConfig config() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ExecutorService executor() {
      throw new UnsupportedOperationException();
    }

    @Override
    public <S> S service(Class<S> type) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aContextThatDoesNotOverrideExtensionsReturnsAnEmptyView() {
    Extensions<CharSequence> view = new MinimalContext().extensions(CharSequence.class);

    assertEquals(CharSequence.class, view.type());
    assertEquals(List.of(), view.current());
    assertEquals(0, view.stream().count());
    assertFalse(view.iterator().hasNext(), "the iterator has no provider");
  }

  @Test
  void theDefaultViewIsTheSameForTheSameType() {
    PluginContext context = new MinimalContext();

    assertSame(context.extensions(Runnable.class), context.extensions(Runnable.class));
    assertSame(Extensions.empty(Runnable.class), new MinimalContext().extensions(Runnable.class));
  }

  @Test
  void theEmptyViewNeverCallsItsListenersAndItsSubscriptionClosesTwice() {
    List<List<Runnable>> seen = new ArrayList<>();
    Subscription subscription = Extensions.empty(Runnable.class).onChange(seen::add);

    subscription.close();
    subscription.close();

    assertEquals(List.of(), seen);
  }

  @Test
  void theEmptyViewTakesNoNulls() {
    assertThrows(NullPointerException.class, () -> Extensions.empty(null));
    assertThrows(NullPointerException.class, () -> Extensions.empty(Runnable.class).onChange(null));
  }
}
