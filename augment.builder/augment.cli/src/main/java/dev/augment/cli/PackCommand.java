package dev.augment.cli;

import dev.augment.tools.PluginPacker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code augment pack DIR -o FILE.zip}: a plugin folder into a reproducible zip. */
@Command(
    name = "pack",
    mixinStandardHelpOptions = true,
    description = "Pack a plugin folder (manifest and modules/) into a plugin zip.")
final class PackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "the plugin folder")
  Path folder;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE.zip",
      required = true,
      description = "the zip to write")
  Path zip;

  @Override
  public Integer call() {
    try {
      spec.commandLine().getOut().println("packed " + PluginPacker.packFolder(folder, zip));
      return AugmentCommand.OK;
    } catch (IllegalArgumentException e) {
      throw new AugmentCommand.UsageError(e.getMessage());
    }
  }
}
