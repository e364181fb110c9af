package dev.augment.cli;

import dev.augment.core.PluginLoadException;
import dev.augment.tools.Inspection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code augment inspect PATH}: the manifest, modules, and what the plugin uses. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show a plugin's manifest, modules, requires, provides and capabilities.")
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HostOptions host;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Parameters(paramLabel = "PATH", description = "a plugin folder or zip")
  Path plugin;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Inspection i;
    try {
      i = host.verifier(host.optional().orElse(HostOptions.none())).inspect(plugin);
    } catch (PluginLoadException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return AugmentCommand.FAILED;
    }
    if (json) {
      out.println(Json.print(Json.inspection(i)));
      return AugmentCommand.OK;
    }
    out.println(i.manifest().coordinates() + " (" + i.plugin() + ")");
    out.println("  entry point:  " + i.manifest().entryPoint());
    out.println("  capabilities: " + i.capabilities());
    out.println("  meta:         " + i.manifest().meta());
    for (Inspection.ModuleInfo m : i.modules()) {
      out.println(
          "  module "
              + m.name()
              + (m.version().isEmpty() ? "" : "@" + m.version())
              + (m.automatic() ? " (automatic)" : "")
              + " in "
              + m.jar());
      m.requires().forEach(r -> out.println("    requires " + r));
      m.provides().forEach(p -> out.println("    provides " + p));
    }
    out.println(
        "  requires outside the plugin:   " + i.requiredModules().stream().sorted().toList());
    out.println(
        "  references outside the plugin: " + i.referencedModules().stream().sorted().toList());
    return AugmentCommand.OK;
  }
}
