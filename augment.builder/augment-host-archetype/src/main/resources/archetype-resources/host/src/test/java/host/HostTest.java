package ${package}.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ${package}.contract.${contract};
import dev.augment.core.HostDescription;
import dev.augment.core.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTest {

  @TempDir Path tmp;

  @Test
  void anEmptyFolderGivesAHostWithNoPluginAndNoFailure() throws Exception {
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    try (PluginHost<${contract}> host = Host.builder(plugins).cacheDirectory(tmp.resolve("cache")).build()) {
      host.reload();
      assertEquals(0, host.getAll().size());
      assertEquals(0, host.failures().size());
    }
  }

  @Test
  void theDescriptionNamesTheContractModuleAndTheClockCapability() {
    HostDescription d = Host.builder(tmp).describe();
    assertEquals(${contract}.class.getName(), d.contract());
    assertEquals("${package}.contract", d.contractModule().orElseThrow());
    assertTrue(d.capabilities().stream().anyMatch(c -> c.name().equals("clock")));
  }

  @Test
  void theQueryIsDecoded() {
    assertEquals(Map.of("name", "a b", "x", ""), Main.query("name=a+b&x"));
  }
}
