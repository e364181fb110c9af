package dev.augment.cli;

import dev.augment.core.PluginFailure;
import dev.augment.core.PluginManifest;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code augment list --plugins DIR}: what a host would load from a folder, and why not; the
 * verifier's {@link PluginVerifier#list}, which scans and settles names with the host's own code.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Show what a host would load from a plugin folder, and why each failure fails.")
final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin HostOptions host;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--plugins", paramLabel = "DIR", required = true, description = "a plugin folder")
  Path folder;

  @Override
  public Integer call() {
    if (!Files.isDirectory(folder)) {
      throw new AugmentCommand.UsageError(folder + " is not a folder");
    }
    PluginVerifier verifier = host.verifier(host.required());
    List<VerifyReport> reports = verifier.list(folder);
    print(reports);
    return reports.stream().allMatch(VerifyReport::ok) ? AugmentCommand.OK : AugmentCommand.FAILED;
  }

  private void print(List<VerifyReport> reports) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ArrayNode all = Json.MAPPER.createArrayNode();
      for (VerifyReport r : reports) {
        ObjectNode n = Json.report(r);
        n.put("loads", r.ok());
        r.problems().stream().findFirst().ifPresent(p -> n.put("reason", p.rule().code()));
        r.timing()
            .ifPresent(
                t -> {
                  // The steps a host runs before any plugin code, as the host would time them.
                  ObjectNode timing = n.putObject("timing");
                  timing.put("prepareMs", t.prepare().toNanos() / 1e6);
                  timing.put("checkMs", t.check().toNanos() / 1e6);
                });
        all.add(n);
      }
      out.println(Json.print(all));
      return;
    }
    for (VerifyReport r : reports) {
      String who = r.manifest().map(PluginManifest::coordinates).orElse("?");
      if (r.ok()) {
        out.println("LOAD " + who + " (" + r.plugin().getFileName() + ")");
        DependencyLines.print(out, r);
      } else {
        out.println(
            "SKIP "
                + who
                + " ("
                + r.plugin().getFileName()
                + "): "
                + r.problems().get(0).rule().code());
        DependencyLines.print(out, r);
        for (PluginFailure p : r.problems()) {
          out.println("  [" + p.rule().code() + "] " + p.message());
        }
      }
    }
  }
}
