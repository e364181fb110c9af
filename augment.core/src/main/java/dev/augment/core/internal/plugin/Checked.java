package dev.augment.core.internal.plugin;

import dev.augment.api.Api;
import dev.augment.core.CapabilityAudit;
import java.lang.module.Configuration;
import java.util.Optional;

/**
 * A plugin that went through every static check: what a host defines a layer from, and what the
 * verifier reports on. No code of the plugin has run.
 *
 * <p>In a host the optional parts are always present: the first failure stops the plugin. The
 * verifier goes on after a failure where it can, so a plugin whose modules do not resolve still has
 * its class files checked; then {@code configuration} is empty.
 *
 * @param prepared the prepared plugin
 * @param grants what its declared capabilities grant (the known ones, in the verifier)
 * @param modules its modules
 * @param configuration its resolved configuration, when its modules resolve
 * @param audit what it declared, was granted and references, when its class files could be read
 */
@Api.Internal
public record Checked(
    Prepared prepared,
    Grants grants,
    ModuleSet modules,
    Optional<Configuration> configuration,
    Optional<CapabilityAudit> audit) {}
