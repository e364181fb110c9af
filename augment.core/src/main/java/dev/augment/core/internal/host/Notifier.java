package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.PluginEvent;
import dev.augment.core.PluginListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the host's listeners about plugin events, each on its own terms. */
@Api.Internal
public final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /**
   * A listener and how it wants to be called.
   *
   * @param listener the listener
   * @param executor where to call it; empty to call it on the notifying thread
   */
  public record Subscriber(PluginListener listener, Optional<Executor> executor) {}

  private final List<Subscriber> subscribers;

  /**
   * Creates a notifier.
   *
   * @param subscribers the listeners, in the order they are told
   */
  public Notifier(List<Subscriber> subscribers) {
    this.subscribers = List.copyOf(subscribers);
  }

  /**
   * Tells every listener; a listener that throws is logged and the others are still told.
   *
   * @param event the event
   */
  public void publish(PluginEvent event) {
    for (Subscriber s : subscribers) {
      Runnable call = () -> call(s.listener(), event);
      if (s.executor().isPresent()) {
        try {
          s.executor().get().execute(call);
        } catch (RuntimeException rejected) {
          LOG.warn(
              "A listener's executor refused {} for {}", event.kind(), event.plugin(), rejected);
        }
      } else {
        call.run();
      }
    }
  }

  private static void call(PluginListener listener, PluginEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("A plugin listener threw on {} of {}", event.kind(), event.plugin(), e);
    }
  }
}
