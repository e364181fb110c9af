package dev.augment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Jars;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code PluginHostBuilder.build()} refuses before any plugin is read. */
class HostBuilderChecksTest {

  @TempDir Path tmp;

  @Test
  void aServiceThatNoCapabilityGrantsIsRefusedAtBuild() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                PluginHost.builder(Runnable.class)
                    .folder(tmp)
                    .service(Clock.class, Clock.systemUTC())
                    .build());
    assertEquals(
        "the host offers java.time.Clock but no capability grants it, so no plugin could obtain"
            + " it: add a capability that does (Capability.named(\"clock\").services(Clock.class))"
            + " or offer no such service",
        e.getMessage());
  }

  @Test
  void aServiceThatACapabilityGrantsIsAccepted() {
    try (PluginHost<Runnable> host =
        PluginHost.builder(Runnable.class)
            .folder(tmp)
            .cacheDirectory(tmp.resolve("cache"))
            .capability(Capability.named("clock").services(Clock.class).build())
            .service(Clock.class, Clock.systemUTC())
            .build()) {
      assertEquals(Runnable.class, host.contract());
    }
  }

  @Test
  void aContractOnTheClassPathIsRefusedWithTheModulePathRecipe() throws Exception {
    Path jar =
        Jars.of()
            .source("acme/Greeter.java", "package acme; public interface Greeter { String hi(); }")
            .writeTo(tmp.resolve("greeter.jar"));
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> contract = loader.loadClass("acme.Greeter");
      assertFalse(contract.getModule().isNamed());
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> PluginHost.builder(contract).folder(tmp).build());
      assertTrue(
          e.getMessage()
              .startsWith(
                  "the contract acme.Greeter is in the unnamed module (it was loaded from the class"
                      + " path), so no plugin can require it: run the host on the module path"),
          e.getMessage());
      assertTrue(e.getMessage().contains("--add-modules <the contract's module>,augment.core"));
    }
  }
}
