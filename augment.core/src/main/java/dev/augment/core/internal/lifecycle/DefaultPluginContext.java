package dev.augment.core.internal.lifecycle;

import dev.augment.api.CapabilityException;
import dev.augment.api.Environment;
import dev.augment.api.Extensions;
import dev.augment.api.Hooks;
import dev.augment.api.PluginConfig;
import dev.augment.api.PluginContext;
import dev.augment.api.PluginInfo;
import dev.augment.api.Subscription;
import dev.augment.core.internal.hooks.PluginChannel;
import dev.augment.core.internal.plugin.Grants;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context one plugin receives. It holds only what the plugin may see; {@link #release()} cuts
 * it off at teardown, after which every method throws.
 */
final class DefaultPluginContext implements PluginContext {

  /** How many threads a plugin's managed executor runs at most. */
  static final int EXECUTOR_THREADS = 2;

  private final PluginInfo info;
  private final Environment environment;
  private final Grants grants;
  private final Map<Class<?>, Object> hostServices;
  private final PluginChannel channel;
  private final Logger logger;
  private final PluginConfig config;
  private final ClassLoader loader;
  private final ModuleLayer layer;
  private final ExtensionViews extensionViews;

  /** This plugin's open extension views, by type; guarded by this. */
  private final Map<Class<?>, ExtensionViews.View<?>> views = new LinkedHashMap<>();

  /** Made on the first {@link #executor()} call: most plugins never ask for one. */
  private ThreadPoolExecutor pool;

  private ExecutorService executor;
  private final Hooks hooks;
  private volatile boolean released;

  DefaultPluginContext(
      PluginInfo info,
      Environment environment,
      Grants grants,
      Map<Class<?>, Object> hostServices,
      PluginChannel channel,
      Map<String, Object> config,
      ClassLoader loader,
      ModuleLayer layer,
      ExtensionViews extensionViews) {
    this.info = info;
    this.environment = environment;
    this.grants = grants;
    this.hostServices = hostServices;
    this.channel = channel;
    this.logger = LoggerFactory.getLogger("augment.plugin." + info.name());
    this.config = new Config(Collections.unmodifiableMap(new LinkedHashMap<>(config)));
    this.loader = loader;
    this.layer = layer;
    this.extensionViews = extensionViews;
    this.hooks = new GuardedHooks();
  }

  private void check() {
    if (released) {
      throw new IllegalStateException("plugin '" + info.name() + "' is torn down");
    }
  }

  @Override
  public PluginInfo plugin() {
    check();
    return info;
  }

  @Override
  public Environment environment() {
    check();
    return environment;
  }

  @Override
  public Hooks hooks() {
    check();
    return hooks;
  }

  @Override
  public Logger logger() {
    check();
    return logger;
  }

  @Override
  public PluginConfig config() {
    check();
    return config;
  }

  @Override
  public synchronized ExecutorService executor() {
    check();
    if (executor == null) {
      AtomicInteger count = new AtomicInteger();
      pool =
          new ThreadPoolExecutor(
              EXECUTOR_THREADS,
              EXECUTOR_THREADS,
              30,
              TimeUnit.SECONDS,
              new java.util.concurrent.LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "augment-" + info.name() + "-" + count.incrementAndGet());
                t.setDaemon(true);
                t.setContextClassLoader(loader);
                return t;
              });
      pool.allowCoreThreadTimeOut(true);
      executor = Executors.unconfigurableExecutorService(pool);
    }
    return executor;
  }

  @Override
  public <S> S service(Class<S> type) {
    check();
    if (!grants.allowsService(type)) {
      throw new CapabilityException(
          "plugin '"
              + info.name()
              + "' may not obtain "
              + type.getName()
              + ": none of its capabilities "
              + grants.declared()
              + " grants it");
    }
    Object service = hostServices.get(type);
    if (service == null) {
      throw new CapabilityException(
          "plugin '"
              + info.name()
              + "' asked for "
              + type.getName()
              + ", which this host offers not");
    }
    return type.cast(service);
  }

  @Override
  public synchronized <S> Extensions<S> extensions(Class<S> type) {
    check();
    Objects.requireNonNull(type, "type");
    if (type.getModule().getLayer() != layer) {
      throw new IllegalArgumentException(
          "plugin '"
              + info.name()
              + "' does not own "
              + type.getName()
              + ": an extension point is a type of one of the plugin's own modules, which its"
              + " dependents provide");
    }
    ExtensionViews.View<?> v = views.get(type);
    if (v == null) {
      v = extensionViews.open(info.name(), layer, type, channel);
      views.put(type, v);
    }
    @SuppressWarnings("unchecked") // views holds a View<S> under the key Class<S>
    Extensions<S> typed = (Extensions<S>) v;
    return typed;
  }

  /**
   * Cuts the plugin off: hook subscriptions dropped, executor stopped, context closed.
   *
   * @param waitMillis how long to wait for executor tasks to end after interrupting them
   * @return {@code true} if the executor's threads ended in time
   */
  boolean release(long waitMillis) {
    ThreadPoolExecutor made;
    List<ExtensionViews.View<?>> opened;
    synchronized (this) {
      released = true;
      made = pool;
      opened = List.copyOf(views.values());
      views.clear();
    }
    opened.forEach(ExtensionViews.View::close);
    channel.close();
    if (made != null) {
      made.shutdownNow();
    }
    try {
      boolean stopped = made == null || made.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
      return channel.awaitStopped(waitMillis) && stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The plugin's hooks, refused once the context is released. */
  private final class GuardedHooks implements Hooks {
    @Override
    public <E> Subscription on(Class<E> eventType, Consumer<? super E> handler) {
      check();
      return channel.on(eventType, handler);
    }
  }

  /** The plugin's read-only configuration. */
  private record Config(Map<String, Object> asMap) implements PluginConfig {
    @Override
    public Optional<Object> get(String key) {
      return Optional.ofNullable(asMap.get(key));
    }
  }
}
