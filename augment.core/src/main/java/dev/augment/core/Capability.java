package dev.augment.core;

import dev.augment.api.Api;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A capability the host defines and plugins declare in their manifest's {@code capabilities}.
 *
 * <p>A capability grants, to a plugin that declares it:
 *
 * <ul>
 *   <li>modules (of the host or the JDK) the plugin may read: its explicit modules may {@code
 *       requires} them, and its plain jars may reference their packages;
 *   <li>hook event types it may subscribe to;
 *   <li>host services it may obtain with {@code PluginContext.service};
 *   <li>permissions that waive {@linkplain PolicyRule rules} of the bytecode policy, such as {@code
 *       threads} or {@code processes}.
 * </ul>
 *
 * <pre>{@code
 * Capability metrics = Capability.named("metrics")
 *     .description("observe requests and keep counters")
 *     .events(RequestStart.class, RequestEnd.class)
 *     .services(MetricsRegistry.class)
 *     .build();
 * }</pre>
 *
 * @param name the name plugins declare, such as {@code http.observe}
 * @param description what the capability lets a plugin do, for audits
 * @param modules the module names it lets a plugin read
 * @param events the hook event types it lets a plugin observe
 * @param services the host service types it lets a plugin obtain
 * @param permissions the bytecode policy permissions it grants
 */
@Api.Stable
public record Capability(
    String name,
    String description,
    Set<String> modules,
    Set<Class<?>> events,
    Set<Class<?>> services,
    Set<String> permissions) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([._-][a-z0-9]+)*");

  /**
   * Creates a capability and copies the sets.
   *
   * @param name see the record description
   * @param description see the record description
   * @param modules see the record description
   * @param events see the record description
   * @param services see the record description
   * @param permissions see the record description
   * @throws IllegalArgumentException if the name is not lower-case words joined by {@code .},
   *     {@code _} or {@code -}
   */
  public Capability {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "capability name '" + name + "' must be lower-case words such as http.observe");
    }
    modules = Set.copyOf(modules);
    events = Set.copyOf(events);
    services = Set.copyOf(services);
    permissions = Set.copyOf(permissions);
  }

  /**
   * Starts building a capability.
   *
   * @param name the name plugins declare
   * @return a builder
   */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** Builds a {@link Capability}. */
  @Api.Stable
  public static final class Builder {
    private final String name;
    private String description = "";
    private final Set<String> modules = new LinkedHashSet<>();
    private final List<Class<?>> events = new ArrayList<>();
    private final List<Class<?>> services = new ArrayList<>();
    private final Set<String> permissions = new LinkedHashSet<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Describes the capability for audits.
     *
     * @param text one sentence
     * @return this builder
     */
    public Builder description(String text) {
      this.description = Objects.requireNonNull(text, "text");
      return this;
    }

    /**
     * Grants reading modules, such as {@code java.net.http}.
     *
     * @param names module names
     * @return this builder
     */
    public Builder modules(String... names) {
      modules.addAll(List.of(names));
      return this;
    }

    /**
     * Grants observing hook event types.
     *
     * @param types event types
     * @return this builder
     */
    public Builder events(Class<?>... types) {
      events.addAll(List.of(types));
      return this;
    }

    /**
     * Grants obtaining host services.
     *
     * @param types service types
     * @return this builder
     */
    public Builder services(Class<?>... types) {
      services.addAll(List.of(types));
      return this;
    }

    /**
     * Grants bytecode policy permissions, such as {@code threads}.
     *
     * @param names permission names
     * @return this builder
     */
    public Builder permits(String... names) {
      permissions.addAll(List.of(names));
      return this;
    }

    /**
     * Builds the capability.
     *
     * @return the capability
     * @throws IllegalArgumentException if the name is not legal
     */
    public Capability build() {
      return new Capability(
          name, description, modules, Set.copyOf(events), Set.copyOf(services), permissions);
    }
  }
}
