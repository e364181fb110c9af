package dev.augment.cli;

import dev.augment.core.PluginManifest;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.Problem;
import dev.augment.tools.VerifyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code augment list --plugins DIR}: what a host would load from a folder, and why not. */
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
    PluginVerifier verifier = host.verifier(host.required());
    List<VerifyReport> reports = new ArrayList<>();
    candidates().forEach(c -> reports.add(verifier.verify(c)));
    Map<VerifyReport, String> skipped = new LinkedHashMap<>();
    // The host's rule for one name twice, settled from manifests before any other check: the
    // highest version wins, then the first in scan order.
    Map<String, VerifyReport> winners = new LinkedHashMap<>();
    for (VerifyReport r : reports) {
      r.manifest()
          .ifPresent(
              m ->
                  winners.merge(
                      m.name(),
                      r,
                      (a, b) ->
                          b.manifest()
                                      .orElseThrow()
                                      .version()
                                      .compareTo(a.manifest().orElseThrow().version())
                                  > 0
                              ? b
                              : a));
    }
    for (VerifyReport r : reports) {
      if (r.manifest().isPresent() && winners.get(r.manifest().get().name()) != r) {
        skipped.put(r, "loses to another plugin of the same name (duplicate-name)");
      } else if (!r.ok()) {
        skipped.put(r, "fails its checks");
      }
    }
    print(reports, skipped);
    return skipped.isEmpty() ? AugmentCommand.OK : AugmentCommand.FAILED;
  }

  private void print(List<VerifyReport> reports, Map<VerifyReport, String> skipped) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ArrayNode all = Json.MAPPER.createArrayNode();
      for (VerifyReport r : reports) {
        ObjectNode n = Json.report(r);
        n.put("loads", !skipped.containsKey(r));
        if (skipped.containsKey(r)) {
          n.put("reason", skipped.get(r));
        }
        all.add(n);
      }
      out.println(Json.print(all));
      return;
    }
    for (VerifyReport r : reports) {
      String who = r.manifest().map(PluginManifest::coordinates).orElse("?");
      if (!skipped.containsKey(r)) {
        out.println("LOAD " + who + " (" + r.plugin().getFileName() + ")");
      } else {
        out.println("SKIP " + who + " (" + r.plugin().getFileName() + "): " + skipped.get(r));
        for (Problem p : r.problems()) {
          out.println("  [" + p.rule() + "] " + p.message());
        }
      }
    }
  }

  private List<Path> candidates() {
    if (!Files.isDirectory(folder)) {
      throw new AugmentCommand.UsageError(folder + " is not a folder");
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(
              p ->
                  Files.isDirectory(p)
                      || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
          .sorted(Comparator.comparing(Path::getFileName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
