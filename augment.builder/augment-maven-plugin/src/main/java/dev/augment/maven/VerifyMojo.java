package dev.augment.maven;

import dev.augment.core.PluginFailure;
import dev.augment.core.host.HostDescriptions;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Verifies the packed plugin against the target host's description and fails the build listing
 * every problem: manifest, compatibility, capabilities, entry module and contract, modules that
 * shadow the host's, split packages, resolution, grants and the bytecode policy.
 *
 * <p>The host's modules for resolution are the project's {@code provided} dependencies: the host's
 * contract and Augment's API.
 */
@Mojo(
    name = "verify",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class VerifyMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /**
   * The host's description, as {@code HostDescriptions.write(builder.describe(), file)} writes it.
   */
  @Parameter(property = "augment.host", required = true)
  private File hostDescription;

  /** The plugin to verify: the folder the pack goal staged. */
  @Parameter(defaultValue = "${project.build.directory}/plugin")
  private File plugin;

  /** Skips verification. */
  @Parameter(property = "augment.verify.skip", defaultValue = "false")
  private boolean skip;

  /** Creates the goal; Maven calls this. */
  public VerifyMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping plugin verification");
      return;
    }
    List<Path> hostModules = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (Artifact.SCOPE_PROVIDED.equals(a.getScope()) && "jar".equals(a.getType())) {
        hostModules.add(a.getFile().toPath());
      }
    }
    VerifyReport report;
    try {
      report =
          new PluginVerifier(HostDescriptions.read(hostDescription.toPath()), hostModules)
              .verify(plugin.toPath());
    } catch (RuntimeException e) {
      throw new MojoExecutionException("cannot verify " + plugin + ": " + e.getMessage(), e);
    }
    if (report.ok()) {
      getLog().info("Plugin " + plugin + " passes every check against " + hostDescription);
      return;
    }
    for (PluginFailure p : report.problems()) {
      getLog().error("[" + p.rule().code() + "] " + p.message());
    }
    throw new MojoFailureException(
        "the plugin has " + report.problems().size() + " problem(s); see the errors above");
  }
}
