package dev.augment.cli;

import dev.augment.core.PluginFailure;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
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

/** {@code augment verify PATH...}: every problem of every plugin, without running it. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check plugins against a host description and list every problem.")
final class VerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HostOptions host;

  @Option(names = "--json", description = "print the reports as JSON")
  boolean json;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "plugin folders or zips")
  List<Path> plugins;

  @Override
  public Integer call() {
    PluginVerifier verifier = host.verifier(host.required());
    List<VerifyReport> reports = new ArrayList<>();
    plugins.forEach(p -> reports.add(verifier.verify(p)));
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
        for (PluginFailure p : r.problems()) {
          spec.commandLine().getOut().println("  [" + p.rule().code() + "] " + p.message());
        }
      }
    }
    return reports.stream().allMatch(VerifyReport::ok) ? AugmentCommand.OK : AugmentCommand.FAILED;
  }
}
