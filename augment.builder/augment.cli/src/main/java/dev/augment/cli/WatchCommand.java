package dev.augment.cli;

import dev.augment.core.ManifestException;
import dev.augment.tools.PluginPacker;
import dev.augment.tools.PluginWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code augment watch DIR --into PLUGINS}: repack a plugin into a host's plugin folder whenever
 * its build output changes, so a host in watch mode reloads it. Runs until interrupted.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Repack a plugin folder into a host's plugin folder on every change.")
final class WatchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "the plugin folder, such as target/plugin")
  Path folder;

  @Option(
      names = "--into",
      paramLabel = "PLUGINS",
      required = true,
      description = "the host's plugin folder")
  Path into;

  @Option(
      names = "--debounce",
      paramLabel = "MILLIS",
      defaultValue = "300",
      description = "quiet time before repacking (default: ${DEFAULT-VALUE} ms)")
  long debounce;

  /** The plugin's name from its manifest, so the zip replaces the same plugin's installed one. */
  private String pluginName() {
    try {
      return PluginPacker.manifest(folder).name();
    } catch (ManifestException e) {
      throw new AugmentCommand.UsageError(e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(folder) || !Files.isDirectory(into)) {
      throw new AugmentCommand.UsageError("both " + folder + " and " + into + " must be folders");
    }
    Path zip = into.resolve(pluginName() + ".zip");
    try (PluginWatcher watcher =
        PluginWatcher.repackOnChange(
            folder, zip, Duration.ofMillis(debounce), spec.commandLine().getOut()::println)) {
      new CountDownLatch(1).await();
    }
    return AugmentCommand.OK;
  }
}
