package dev.augment.maven;

import dev.augment.core.PluginFailure;
import dev.augment.core.host.HostDescriptions;
import dev.augment.tools.DependencyLink;
import dev.augment.tools.PluginVerifier;
import dev.augment.tools.VerifyReport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>A plugin that builds on other plugins declares their zips as Maven dependencies ({@code
 * <type>zip</type>}, {@code <classifier>plugin</classifier>}, what {@code augment:pack} attaches)
 * and compiles against their jars in {@code provided} scope. The goal then copies the zips into
 * {@code dependencyDirectory} and verifies the plugin as installed beside them: its manifest's
 * {@code dependencies} are settled as a host settles them ({@code dependency-missing}, {@code
 * -incompatible}, {@code -failed}, {@code -cycle}), and its modules resolve against theirs. The
 * jars of modules those zips hold are not host modules, even in {@code provided} scope: at run time
 * they live in the dependency's layer.
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

  /** Where the plugin zips it depends on are copied, as the plugin folder it is verified in. */
  @Parameter(defaultValue = "${project.build.directory}/augment-dependencies")
  private File dependencyDirectory;

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
    List<Path> zips = PluginDependencies.zips(project.getArtifacts());
    Set<String> theirModules;
    try {
      theirModules = PluginDependencies.modules(zips);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read the plugin dependencies " + zips, e);
    }
    List<Path> hostModules = new ArrayList<>();
    for (Artifact a : project.getArtifacts()) {
      if (Artifact.SCOPE_PROVIDED.equals(a.getScope()) && "jar".equals(a.getType())) {
        Path jar = a.getFile().toPath();
        Optional<String> module = PluginDependencies.moduleOf(jar);
        if (module.isPresent() && theirModules.contains(module.get())) {
          getLog().debug("Not a host module: " + jar + " (a plugin dependency holds it)");
        } else {
          hostModules.add(jar);
        }
      }
    }
    VerifyReport report;
    try {
      PluginVerifier verifier =
          new PluginVerifier(HostDescriptions.read(hostDescription.toPath()), hostModules);
      report = verifier.verify(plugin.toPath());
      if (!zips.isEmpty() || !report.dependencies().isEmpty()) {
        // Beside the plugins it builds on, as a host would hold them: even with none, so that a
        // dependency the manifest declares and the pom does not is refused as a host refuses it.
        Path folder = PluginDependencies.stage(zips, dependencyDirectory.toPath());
        report = verifier.verify(plugin.toPath(), folder);
      }
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException("cannot verify " + plugin + ": " + e.getMessage(), e);
    }
    for (DependencyLink l : report.dependencies()) {
      getLog()
          .info(
              "Dependency "
                  + l.declared()
                  + ": "
                  + l.found().map(m -> m.coordinates()).orElse("none")
                  + " ("
                  + l.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + ")");
    }
    if (report.ok()) {
      getLog().info("Plugin " + plugin + " passes every check against " + hostDescription);
      return;
    }
    for (PluginFailure p : report.problems()) {
      getLog().error("[" + p.rule().code() + "] " + p.message());
    }
    if (report.problems().stream().anyMatch(p -> p.rule().code().startsWith("dependency-"))) {
      getLog()
          .error(
              "A plugin this one depends on is declared in its manifest's dependencies: add its zip"
                  + " as a Maven dependency (<type>zip</type> <classifier>plugin</classifier>) in"
                  + " the range the manifest asks for");
    }
    throw new MojoFailureException(
        "the plugin has " + report.problems().size() + " problem(s); see the errors above");
  }
}
