package dev.augment.core;

import dev.augment.api.Api;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a host offers plugins, as data: its contract, versions, capabilities, the modules every
 * plugin may read, the modules it already has, and its bytecode policy.
 *
 * <p>A host writes its description with {@code HostDescriptions.write(builder.describe(), path)};
 * the builder's {@code augment verify} and the Maven plugin's {@code verify} goal read it to check
 * a plugin against the host without running either. The format is {@code docs/host-description.md}.
 *
 * @param contract the contract's binary class name
 * @param contractModule the contract's module, when it is in a named module
 * @param contractVersion the version {@code compatibility.contract} ranges are checked against
 * @param augmentVersion the host's Augment version
 * @param capabilities the capabilities the host defines
 * @param baseModules the modules every plugin may read
 * @param hostModules the modules of the host's layers, which no plugin may carry
 * @param policy the rules of the host's bytecode policy
 * @param archiveLimits what one plugin zip may expand to in this host
 */
@Api.Experimental
public record HostDescription(
    String contract,
    Optional<String> contractModule,
    Optional<Version> contractVersion,
    Version augmentVersion,
    List<CapabilityInfo> capabilities,
    Set<String> baseModules,
    Set<String> hostModules,
    List<PolicyRule> policy,
    ArchiveLimits archiveLimits) {

  /**
   * Creates a description and copies the collections.
   *
   * @param contract see the record description
   * @param contractModule see the record description
   * @param contractVersion see the record description
   * @param augmentVersion see the record description
   * @param capabilities see the record description
   * @param baseModules see the record description
   * @param hostModules see the record description
   * @param policy see the record description
   * @param archiveLimits see the record description
   */
  public HostDescription {
    capabilities = List.copyOf(capabilities);
    baseModules = Set.copyOf(new TreeSet<>(baseModules));
    hostModules = Set.copyOf(new TreeSet<>(hostModules));
    policy = List.copyOf(policy);
    java.util.Objects.requireNonNull(archiveLimits, "archiveLimits");
  }

  /**
   * Creates a description of a host with the default archive limits.
   *
   * @param contract see the record description
   * @param contractModule see the record description
   * @param contractVersion see the record description
   * @param augmentVersion see the record description
   * @param capabilities see the record description
   * @param baseModules see the record description
   * @param hostModules see the record description
   * @param policy see the record description
   */
  public HostDescription(
      String contract,
      Optional<String> contractModule,
      Optional<Version> contractVersion,
      Version augmentVersion,
      List<CapabilityInfo> capabilities,
      Set<String> baseModules,
      Set<String> hostModules,
      List<PolicyRule> policy) {
    this(
        contract,
        contractModule,
        contractVersion,
        augmentVersion,
        capabilities,
        baseModules,
        hostModules,
        policy,
        ArchiveLimits.DEFAULT);
  }

  /**
   * What one plugin zip may expand to: a zip over a limit is refused with {@link Rule#ARCHIVE}. A
   * host sets them with {@code PluginHostBuilder.archiveLimits}; the verifier reads them from the
   * host's description, so {@code augment verify} refuses the same zips.
   *
   * @param maxEntries the most entries a zip may hold (its central directory is checked before
   *     anything is written)
   * @param maxBytes the most bytes its entries may hold once extracted
   * @param maxRatio the most times its own size a zip may expand to, once it has expanded past
   *     {@link #RATIO_FLOOR} bytes
   */
  @Api.Experimental
  public record ArchiveLimits(int maxEntries, long maxBytes, int maxRatio) {
    /** Below this many extracted bytes the ratio is not checked: 1 MiB. */
    public static final long RATIO_FLOOR = 1024L * 1024;

    /** 10,000 entries, 512 MiB, 100 times the zip's size. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(10_000, 512L * 1024 * 1024, 100);

    /**
     * Checks the limits.
     *
     * @param maxEntries see the record description
     * @param maxBytes see the record description
     * @param maxRatio see the record description
     * @throws IllegalArgumentException if a limit is not positive
     */
    public ArchiveLimits {
      if (maxEntries < 1 || maxBytes < 1 || maxRatio < 1) {
        throw new IllegalArgumentException(
            "archive limits must be positive: "
                + maxEntries
                + " entries, "
                + maxBytes
                + " bytes, ratio "
                + maxRatio);
      }
    }
  }

  /**
   * A capability as data: event and service types by name.
   *
   * @param name the capability's name
   * @param description what it lets a plugin do
   * @param modules the modules it grants
   * @param events the event types it grants, by binary name
   * @param services the service types it grants, by binary name
   * @param permits the bytecode policy permissions it grants
   */
  @Api.Experimental
  public record CapabilityInfo(
      String name,
      String description,
      Set<String> modules,
      Set<String> events,
      Set<String> services,
      Set<String> permits) {

    /**
     * Creates a capability description and copies the sets.
     *
     * @param name see the record description
     * @param description see the record description
     * @param modules see the record description
     * @param events see the record description
     * @param services see the record description
     * @param permits see the record description
     */
    public CapabilityInfo {
      modules = Set.copyOf(modules);
      events = Set.copyOf(events);
      services = Set.copyOf(services);
      permits = Set.copyOf(permits);
    }

    /**
     * Describes a capability.
     *
     * @param c the capability
     * @return its description
     */
    public static CapabilityInfo of(Capability c) {
      return new CapabilityInfo(
          c.name(),
          c.description(),
          c.modules(),
          names(c.events()),
          names(c.services()),
          c.permissions());
    }

    /**
     * Returns the capability with what load-time checks need: modules and permissions. Event and
     * service types are checked at run time, against classes, so they are left out.
     *
     * @return the capability
     */
    public Capability toCapability() {
      return new Capability(name, description, modules, Set.of(), Set.of(), permits);
    }

    private static Set<String> names(Set<Class<?>> types) {
      Set<String> names = new TreeSet<>();
      types.forEach(t -> names.add(t.getName()));
      return names;
    }
  }
}
