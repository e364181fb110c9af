package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.Capability;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one plugin may do: the union of its declared capabilities plus what every plugin may.
 *
 * @param plugin the plugin's name
 * @param declared the capability names it declared
 * @param granted the host's definitions of those capabilities
 * @param modules the modules it may read
 * @param events the event types it may observe
 * @param services the host services it may obtain
 * @param permissions the bytecode policy permissions it has
 */
@Api.Internal
public record Grants(
    String plugin,
    List<String> declared,
    List<Capability> granted,
    Set<String> modules,
    Set<Class<?>> events,
    Set<Class<?>> services,
    Set<String> permissions) {

  /**
   * Combines capabilities.
   *
   * @param plugin the plugin's name
   * @param declared the names it declared
   * @param granted their definitions, in the same order
   * @param baseModules the modules every plugin may read
   * @return the grants
   */
  public static Grants of(
      String plugin, List<String> declared, List<Capability> granted, Set<String> baseModules) {
    Set<String> modules = new HashSet<>(baseModules);
    Set<Class<?>> events = new HashSet<>();
    Set<Class<?>> services = new HashSet<>();
    Set<String> permissions = new HashSet<>();
    for (Capability c : granted) {
      modules.addAll(c.modules());
      events.addAll(c.events());
      services.addAll(c.services());
      permissions.addAll(c.permissions());
    }
    return new Grants(
        plugin,
        List.copyOf(declared),
        List.copyOf(granted),
        Set.copyOf(modules),
        Set.copyOf(events),
        Set.copyOf(services),
        Set.copyOf(permissions));
  }

  /**
   * Returns these grants plus modules the plugin may read because it declared, as a dependency, the
   * plugin that holds them.
   *
   * @param more the modules of its dependencies' layers (not of theirs in turn)
   * @return the wider grants, or these when {@code more} is empty
   */
  public Grants withModules(Set<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Set<String> all = new HashSet<>(modules);
    all.addAll(more);
    return new Grants(plugin, declared, granted, Set.copyOf(all), events, services, permissions);
  }

  /**
   * Tells whether the plugin may observe events of a type.
   *
   * @param type the event type it subscribes to
   * @return {@code true} if a declared capability grants the type
   */
  public boolean allowsEvent(Class<?> type) {
    return events.contains(type);
  }

  /**
   * Tells whether the plugin may obtain a host service.
   *
   * @param type the service type
   * @return {@code true} if a declared capability grants it
   */
  public boolean allowsService(Class<?> type) {
    return services.contains(type);
  }
}
