package dev.augment.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.api.Api;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Route;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks what each module requires and exports with {@link ModuleDescriptor}: ArchUnit does not
 * read {@code module-info.class}.
 */
class ModuleDescriptorsTest {

  private static ModuleDescriptor descriptorOf(Class<?> type) throws URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    return ModuleFinder.of(location).findAll().iterator().next().descriptor();
  }

  private static ModuleDescriptor descriptorOf(String className) throws Exception {
    return descriptorOf(Class.forName(className));
  }

  private static Set<String> requires(ModuleDescriptor d) {
    return d.requires().stream()
        .map(ModuleDescriptor.Requires::name)
        .filter(n -> !n.equals("java.base"))
        .collect(Collectors.toSet());
  }

  private static Set<String> exports(ModuleDescriptor d) {
    return d.exports().stream()
        .map(e -> e.source() + (e.isQualified() ? " to " + e.targets() : ""))
        .collect(Collectors.toSet());
  }

  @Test
  void theApiNeedsOnlySlf4jAndExportsOnePackage() throws Exception {
    ModuleDescriptor api = descriptorOf(Api.class);
    assertEquals("augment.api", api.name());
    assertEquals(Set.of("org.slf4j"), requires(api));
    assertEquals(Set.of("dev.augment.api"), exports(api));
    assertTrue(api.opens().isEmpty());
  }

  @Test
  void coreExportsOnlyItsFacade() throws Exception {
    ModuleDescriptor core = descriptorOf(PluginHost.class);
    assertTrue(exports(core).containsAll(Set.of("dev.augment.core", "dev.augment.core.host")));
    assertTrue(
        exports(core).stream()
            .filter(e -> e.contains(".internal"))
            .allMatch(e -> e.endsWith(" to [augment.tools]")),
        exports(core)::toString);
    assertEquals(
        Set.of(
            "augment.api", "tools.jackson.databind", "org.slf4j", "org.objectweb.asm", "jdk.jfr"),
        requires(core));
    // Flight recorder events only when the runtime has jdk.jfr: an image without it still runs.
    assertTrue(
        core.requires().stream()
            .filter(r -> r.name().equals("jdk.jfr"))
            .allMatch(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)));
    assertTrue(core.opens().isEmpty() && !core.isOpen());
  }

  @Test
  void theContractNeedsOnlyTheApi() throws Exception {
    ModuleDescriptor contract = descriptorOf(Route.class);
    assertEquals(Set.of("augment.api"), requires(contract));
    assertEquals(
        Set.of("dev.augment.example.contract", "dev.augment.example.contract.hooks"),
        exports(contract));
  }

  @Test
  void theGreeterPluginExportsNothingAndOnlyProvidesTheContract() throws Exception {
    ModuleDescriptor greeter = descriptorOf("dev.augment.example.greeter.HelloRoute");
    assertEquals("augment.example.greeter", greeter.name());
    assertTrue(greeter.exports().isEmpty() && greeter.opens().isEmpty());
    assertEquals(
        Set.of("augment.api", "augment.example.contract", "com.github.zafarkhaja.semver"),
        requires(greeter));
    assertEquals(
        Set.of(Route.class.getName()),
        greeter.provides().stream()
            .map(ModuleDescriptor.Provides::service)
            .collect(Collectors.toSet()));
  }

  @Test
  void theLegacyPluginIsAPlainJar() throws Exception {
    ModuleDescriptor legacy = descriptorOf("dev.augment.example.legacy.ShoutRoute");
    assertTrue(legacy.isAutomatic());
    assertEquals("augment.example.legacy", legacy.name());
  }
}
