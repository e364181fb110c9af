package dev.augment.core.internal.hooks;

import dev.augment.api.Api;
import dev.augment.api.CapabilityException;
import dev.augment.api.HookFailure;
import dev.augment.api.Subscription;
import dev.augment.core.HostHooks;
import dev.augment.core.internal.Fatal;
import dev.augment.core.internal.flight.Flight;
import dev.augment.core.internal.plugin.Grants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the host's events to core listeners and to every plugin's channel.
 *
 * <p>Core listeners run on the emitting thread, first. Plugin channels are kept in registration
 * order. A failing handler is reported as a {@link HookFailure} to everyone else subscribed to it;
 * a failing {@code HookFailure} handler is only logged, so failures never loop.
 */
@Api.Internal
public final class HookBus implements HostHooks {

  private static final Logger LOG = LoggerFactory.getLogger(HookBus.class);

  /** The name under which core listeners' failures are reported. */
  public static final String HOST = "host";

  /** How long {@link #emitAndWait} waits for one plugin's handlers. */
  public static final Duration WAIT_BUDGET = Duration.ofSeconds(5);

  private final List<Registration<?>> core = new CopyOnWriteArrayList<>();
  private final List<PluginChannel> channels = new CopyOnWriteArrayList<>();
  private final Set<Class<?>> guarded;
  private final int queueCapacity;

  /**
   * Creates a bus.
   *
   * @param guarded the event types that only a capability grants
   * @param queueCapacity the size of each plugin's queue
   */
  public HookBus(Set<Class<?>> guarded, int queueCapacity) {
    this.guarded = Set.copyOf(guarded);
    this.queueCapacity = queueCapacity;
  }

  /**
   * Opens a plugin's channel, placed among the others by {@code order}.
   *
   * @param grants what the plugin may observe
   * @param loader the plugin's class loader, the context loader of its hook thread
   * @param order the plugin's registration order; lower runs first
   * @return the channel
   */
  public synchronized PluginChannel open(Grants grants, ClassLoader loader, long order) {
    PluginChannel channel = new PluginChannel(this, grants, loader, order, queueCapacity);
    List<PluginChannel> sorted = new ArrayList<>(channels);
    sorted.add(channel);
    sorted.sort(Comparator.comparingLong(PluginChannel::order));
    channels.clear();
    channels.addAll(sorted);
    return channel;
  }

  /** Removes a closed channel. */
  synchronized void remove(PluginChannel channel) {
    channels.remove(channel);
  }

  /** Checks that a plugin may observe an event type. */
  void checkAllowed(Grants grants, Class<?> type) {
    if (guarded.contains(type) && !grants.allowsEvent(type)) {
      throw new CapabilityException(
          "plugin '"
              + grants.plugin()
              + "' may not observe "
              + type.getName()
              + ": none of its capabilities "
              + grants.declared()
              + " grants it");
    }
  }

  /**
   * Tells whether a plugin may see an event: an event of a guarded type reaches only plugins whose
   * capabilities grant one of its guarded types, whatever type they subscribed to (a plugin that
   * subscribes to {@code Object} sees open events only).
   */
  boolean visible(Grants grants, Object event) {
    boolean guardedEvent = false;
    for (Class<?> type : guarded) {
      if (type.isInstance(event)) {
        if (grants.allowsEvent(type)) {
          return true;
        }
        guardedEvent = true;
      }
    }
    return !guardedEvent;
  }

  @Override
  public void emit(Object event) {
    Objects.requireNonNull(event, "event");
    deliverCore(event, null);
    for (PluginChannel channel : channels) {
      channel.offer(event, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @implNote Each plugin's handlers run on its own hook thread, after the events already queued
   *     for it, and the caller waits for them at most {@link #WAIT_BUDGET} per plugin: a plugin
   *     whose handler stalls is reported as a {@link HookFailure} with a {@link TimeoutException}
   *     and is not waited for again until that handler returns. Plugin code never runs on the
   *     caller's thread, so it cannot stall the host.
   */
  @Override
  public void emitAndWait(Object event) {
    Objects.requireNonNull(event, "event");
    deliverCore(event, null);
    for (PluginChannel channel : channels) {
      if (!channel.deliverAndWait(event, null, WAIT_BUDGET.toNanos())) {
        if (!(event instanceof HookFailure)) {
          overran(channel.plugin(), event.getClass());
        }
      }
    }
  }

  /** Reports a plugin that was not done with an event of a type within the budget, once. */
  void overran(String plugin, Class<?> type) {
    LOG.warn(
        "Plugin {} did not handle {} within {} ms; the host went on without it",
        plugin,
        type.getName(),
        WAIT_BUDGET.toMillis());
    HookFailure failure =
        new HookFailure(
            plugin,
            type,
            new TimeoutException(
                "did not handle the event within " + WAIT_BUDGET.toMillis() + " ms"));
    deliverCore(failure, null);
    for (PluginChannel channel : channels) {
      if (!channel.plugin().equals(plugin)) {
        channel.offer(failure, null);
      }
    }
  }

  @Override
  public <E> Subscription listen(Class<E> eventType, Consumer<? super E> handler) {
    Registration<E> r =
        new Registration<>(
            Objects.requireNonNull(eventType, "eventType"),
            Objects.requireNonNull(handler, "handler"),
            core);
    core.add(r);
    return r;
  }

  @Override
  public long dropped(String plugin) {
    return channels.stream()
        .filter(c -> c.plugin().equals(plugin))
        .mapToLong(PluginChannel::dropped)
        .sum();
  }

  private void deliverCore(Object event, Registration<?> excluded) {
    for (Registration<?> r : core) {
      if (r != excluded && r.accepts(event)) {
        run(HOST, r, event);
      }
    }
  }

  /** Runs one handler; a throw becomes a report, never an escape. */
  void run(String plugin, Registration<?> r, Object event) {
    long start = Flight.hookDispatchRecorded() ? System.nanoTime() : 0;
    boolean threw = false;
    try {
      r.deliver(event);
    } catch (Throwable t) {
      threw = true;
      Fatal.rethrowIfFatal(t);
      failed(plugin, r, event, t);
    } finally {
      if (start != 0) {
        Flight.hookDispatch(plugin, event.getClass().getName(), start, threw);
      }
    }
  }

  /** Runs a framework task of a plugin's (a change listener); a throw becomes a report. */
  void runTask(String plugin, Class<?> reportedAs, Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      Fatal.rethrowIfFatal(t);
      LOG.warn("A listener of {} on {} threw", plugin, reportedAs.getName(), t);
      HookFailure failure = new HookFailure(plugin, reportedAs, t);
      deliverCore(failure, null);
      for (PluginChannel channel : channels) {
        channel.offer(failure, null);
      }
    }
  }

  private void failed(String plugin, Registration<?> r, Object event, Throwable t) {
    if (event instanceof HookFailure) {
      LOG.warn("A HookFailure handler of {} threw; not reported again", plugin, t);
      return;
    }
    LOG.warn("A hook handler of {} threw on {}", plugin, event.getClass().getName(), t);
    HookFailure failure = new HookFailure(plugin, event.getClass(), t);
    deliverCore(failure, r);
    for (PluginChannel channel : channels) {
      channel.offer(failure, r);
    }
  }
}
