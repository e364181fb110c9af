package dev.augment.cli;

import dev.augment.core.PluginFailure;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code augment verify [--plugins DIR] PATH...}: every problem of every plugin, without running
 * it; with {@code --plugins}, its dependencies settled against that folder as a host would.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check plugins against a host description and list every problem.")
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HostOptions host;

  @Option(names = "--json", description = "print the reports as JSON")
  boolean json;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description =
          "the plugin folder the plugins go in: check their dependencies against it as a host"
              + " would (without it, dependencies are checked for syntax only)")
  Path folder;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "plugin folders or zips")
  List<Path> plugins;

  @Override
  public Integer call() {
    if (folder != null && !Files.isDirectory(folder)) {
      throw new AugmentCommand.UsageError(folder + " is not a folder");
    }
    PluginVerifier verifier = host.verifier(host.required());
    List<VerifyReport> reports = new ArrayList<>();
    plugins.forEach(
        p -> reports.add(folder == null ? verifier.verify(p) : verifier.verify(p, folder)));
    if (json) {
      ArrayNode all = Json.MAPPER.createArrayNode();
      reports.forEach(r -> all.add(Json.report(r)));
      spec.commandLine().getOut().println(Json.print(all));
    } else {
      for (VerifyReport r : reports) {
        String who = r.manifest().map(m -> m.coordinates()).orElse(r.plugin().toString());
        spec.commandLine()
            .getOut()
            .println((r.ok() ? "OK     " : "FAILED ") + who + " (" + r.plugin() + ")");
        DependencyLines.print(spec.commandLine().getOut(), r);
        for (PluginFailure p : r.problems()) {
          spec.commandLine().getOut().println("  [" + p.rule().code() + "] " + p.message());
        }
      }
    }
    return reports.stream().allMatch(VerifyReport::ok) ? AugmentCommand.OK : AugmentCommand.FAILED;
  }
}
