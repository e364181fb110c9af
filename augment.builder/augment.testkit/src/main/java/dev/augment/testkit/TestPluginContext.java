package dev.augment.testkit;

import dev.augment.api.Api;
import dev.augment.api.CapabilityException;
import dev.augment.api.Environment;
import dev.augment.api.Extensions;
import dev.augment.api.PluginConfig;
import dev.augment.api.PluginContext;
import dev.augment.api.PluginInfo;
import dev.augment.api.Subscription;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready {@link PluginContext} for a plugin's unit tests: no host, no layers, same contract.
 *
 * <pre>{@code
 * try (TestPluginContext context = TestPluginContext.named("greeter")
 *     .config("greeting", "Howdy")
 *     .service(Clock.class, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
 *     .build()) {
 *   HelloRoute route = new HelloRoute();
 *   route.setup(context);
 *   assertEquals("Howdy, World!", route.handle(Request.parse("/hello?name=world")));
 *   route.teardown(context);
 *   assertEquals(0, context.hooks().subscriptionCount());
 * }
 * }</pre>
 *
 * <p>Services are granted as given: a test that wants to see a {@link CapabilityException} simply
 * leaves the service out. Extension points start empty; {@link #changeExtensions} plays a reload
 * that changes them. {@link #close()} shuts the executor down, as a host does at teardown.
 */
@Api.Stable
public final class TestPluginContext implements PluginContext, AutoCloseable {

  private final PluginInfo info;
  private final Environment environment;
  private final Map<String, Object> config;
  private final Map<Class<?>, Object> services;
  private final HookRecorder hooks = new HookRecorder();
  private final ExecutorService executor;
  private final Logger logger;
  private final Map<Class<?>, TestExtensions<?>> extensions = new ConcurrentHashMap<>();

  private TestPluginContext(Builder b) {
    this.info = new PluginInfo(b.name, b.version);
    this.environment = b.environment;
    this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
    this.services = Map.copyOf(b.services);
    this.logger = LoggerFactory.getLogger("augment.plugin." + b.name);
    this.executor = Executors.newFixedThreadPool(2);
    b.extensions.forEach((type, providers) -> view(type).set(providers));
  }

  /**
   * Starts building a context for a plugin.
   *
   * @param plugin the plugin's name
   * @return a builder
   */
  public static Builder named(String plugin) {
    return new Builder(plugin);
  }

  @Override
  public PluginInfo plugin() {
    return info;
  }

  @Override
  public Environment environment() {
    return environment;
  }

  /**
   * Returns the hooks, as a recorder the test can emit through.
   *
   * @return the recorder
   */
  @Override
  public HookRecorder hooks() {
    return hooks;
  }

  @Override
  public Logger logger() {
    return logger;
  }

  @Override
  public PluginConfig config() {
    return new PluginConfig() {
      @Override
      public Optional<Object> get(String key) {
        return Optional.ofNullable(config.get(key));
      }

      @Override
      public Map<String, Object> asMap() {
        return config;
      }
    };
  }

  @Override
  public ExecutorService executor() {
    return executor;
  }

  @Override
  public <S> S service(Class<S> type) {
    Object service = services.get(type);
    if (service == null) {
      throw new CapabilityException(
          "plugin '" + info.name() + "' may not obtain " + type.getName() + " in this test");
    }
    return type.cast(service);
  }

  /**
   * Returns the view of an extension point: empty until the builder's {@link
   * Builder#extensions(Class, List)} or {@link #changeExtensions} gives it providers. Unlike a
   * host's context, this one accepts any type.
   *
   * @param <S> the service type
   * @param type the service type
   * @return the view, the same for the same type
   */
  @Api.Experimental
  @Override
  public <S> Extensions<S> extensions(Class<S> type) {
    return view(Objects.requireNonNull(type, "type"));
  }

  /**
   * Replaces the providers of an extension point, as a reload of the plugin's dependents would, and
   * runs the view's change listeners on the caller's thread, in the order they subscribed; what a
   * listener throws reaches the caller. Listeners run only when the providers differ from the
   * view's (by identity, in order).
   *
   * @param <S> the service type
   * @param type the service type
   * @param providers the new providers
   */
  @Api.Experimental
  public <S> void changeExtensions(Class<S> type, List<? extends S> providers) {
    view(Objects.requireNonNull(type, "type")).change(providers);
  }

  @SuppressWarnings("unchecked") // extensions holds a TestExtensions<S> under the key Class<S>
  private <S> TestExtensions<S> view(Class<S> type) {
    return (TestExtensions<S>) extensions.computeIfAbsent(type, t -> new TestExtensions<>(type));
  }

  /** A settable view of one extension point. */
  private static final class TestExtensions<S> implements Extensions<S> {
    private final Class<S> type;
    private volatile List<S> current = List.of();
    private final List<Consumer<? super List<S>>> listeners = new CopyOnWriteArrayList<>();

    TestExtensions(Class<S> type) {
      this.type = type;
    }

    void set(List<?> providers) {
      current = providers.stream().map(type::cast).toList();
    }

    void change(List<? extends S> providers) {
      List<S> before = current;
      set(providers);
      List<S> now = current;
      boolean same = before.size() == now.size();
      for (int i = 0; same && i < now.size(); i++) {
        same = before.get(i) == now.get(i);
      }
      if (!same) {
        listeners.forEach(l -> l.accept(now));
      }
    }

    @Override
    public Class<S> type() {
      return type;
    }

    @Override
    public List<S> current() {
      return current;
    }

    @Override
    public Subscription onChange(Consumer<? super List<S>> listener) {
      Consumer<? super List<S>> l = Objects.requireNonNull(listener, "listener");
      listeners.add(l);
      return () -> listeners.remove(l);
    }
  }

  /** Shuts the executor down and interrupts what still runs, as a host does at teardown. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Builds a {@link TestPluginContext}. */
  @Api.Stable
  public static final class Builder {
    private final String name;
    private String version = "1.0.0";
    private Environment environment = Environment.DEVELOPMENT;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<Class<?>, Object> services = new HashMap<>();
    private final Map<Class<?>, List<?>> extensions = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Sets the plugin's version; by default {@code 1.0.0}.
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Sets the environment; by default development.
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder environment(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Adds a configuration value, as the manifest's meta or the host's settings would.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder config(String key, Object value) {
      config.put(key, value);
      return this;
    }

    /**
     * Offers a host service.
     *
     * @param <S> the service type
     * @param type the type the plugin asks for
     * @param service the instance
     * @return this builder
     */
    public <S> Builder service(Class<S> type, S service) {
      services.put(type, service);
      return this;
    }

    /**
     * Gives an extension point its providers, as the plugin's dependents would provide them.
     *
     * @param <S> the service type
     * @param type the service type
     * @param providers the providers, in order
     * @return this builder
     */
    @Api.Experimental
    public <S> Builder extensions(Class<S> type, List<? extends S> providers) {
      extensions.put(Objects.requireNonNull(type, "type"), List.copyOf(providers));
      return this;
    }

    /**
     * Builds the context.
     *
     * @return the context
     */
    public TestPluginContext build() {
      return new TestPluginContext(this);
    }
  }
}
