package dev.augment.cli;

import dev.augment.core.Augment;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.HostDescription;
import dev.augment.core.host.HostDescriptions;
import dev.augment.tools.PluginVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Which host to check plugins against: its description and its modules. */
final class HostOptions {

  @Option(
      names = "--host",
      paramLabel = "FILE",
      description =
          "the host's description (JSON, see docs/host-description.md);"
              + " default: augment-host.json in the current folder")
  Path host;

  @Option(
      names = {"--module-path", "-p"},
      paramLabel = "PATH",
      split = "${sys:path.separator}",
      description = "the host's modules (its contract and api), to resolve plugins against")
  List<Path> modulePath = new ArrayList<>();

  /** Returns the host's description, or fails with a usage error when there is none. */
  HostDescription required() {
    return optional()
        .orElseThrow(
            () ->
                new AugmentCommand.UsageError(
                    "no host description: pass --host FILE or put augment-host.json here"));
  }

  Optional<HostDescription> optional() {
    Path file = host != null ? host : Path.of("augment-host.json");
    if (!Files.isRegularFile(file)) {
      if (host != null) {
        throw new AugmentCommand.UsageError("no host description at " + host);
      }
      return Optional.empty();
    }
    try {
      return Optional.of(HostDescriptions.read(file));
    } catch (IllegalArgumentException e) {
      throw new AugmentCommand.UsageError(e.getMessage());
    }
  }

  PluginVerifier verifier(HostDescription description) {
    for (Path p : modulePath) {
      if (!java.nio.file.Files.exists(p)) {
        throw new AugmentCommand.UsageError("--module-path entry " + p + " does not exist");
      }
    }
    try {
      return new PluginVerifier(description, modulePath);
    } catch (IllegalArgumentException e) {
      throw new AugmentCommand.UsageError(e.getMessage());
    }
  }

  /** A host that defines nothing, for inspecting a plugin without a host. */
  static HostDescription none() {
    return new HostDescription(
        "",
        Optional.empty(),
        Optional.empty(),
        Augment.version(),
        List.of(),
        Set.of("java.base"),
        Set.of(),
        BytecodePolicy.defaults().rules());
  }
}
