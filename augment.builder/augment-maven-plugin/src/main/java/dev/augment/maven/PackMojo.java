package dev.augment.maven;

import dev.augment.tools.ModuleJars;
import dev.augment.tools.PluginPacker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packs the project into its plugin zip: the manifest at the root, the project's jar and its
 * runtime dependencies in {@code modules/}, leaving out what the host provides.
 *
 * <p>Dependencies of scope {@code provided} (the host's contract, say) never go in; {@code
 * excludes} names more, by {@code groupId:artifactId}, and by default lists Augment's API and
 * SLF4J. The project's jar gets the manifest's version as its module version, so stack traces name
 * it. The manifest may use {@code ${project.version}}, {@code ${project.artifactId}}, {@code
 * ${project.name}} and {@code ${project.description}}. The zip is attached with the classifier
 * {@code plugin} and the type {@code zip}.
 *
 * <p>A plugin that builds on other plugins depends on their zips (type {@code zip}, classifier
 * {@code plugin}): those, the libraries that come in through them, and any jar of a module they
 * hold stay out of the zip, since they live in the dependency's layer. The goal copies those zips
 * into {@code dependencyDirectory}, where the verify goal and the test kit's unload check (run by
 * failsafe, before the verify phase) find them.
 */
@Mojo(
    name = "pack",
    defaultPhase = LifecyclePhase.PACKAGE,
    // Provided too: a plugin dependency's zip is provided, and only compile and runtime jars go in.
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class PackMojo extends AbstractMojo {

  /** The artifacts a plugin must never carry, unless the project names its own list. */
  static final Set<String> HOST_PROVIDED =
      Set.of("dev.augment:augment-api", "dev.augment:augment-core", "org.slf4j:slf4j-api");

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Component private MavenProjectHelper helper;

  /** The manifest template. */
  @Parameter(
      property = "augment.manifest",
      defaultValue = "${project.basedir}/src/main/plugin/plugin.manifest.json")
  private File manifest;

  /**
   * The artifacts to leave out of the zip, as {@code groupId:artifactId}; when set, it replaces the
   * default list (Augment's API and core, SLF4J's API).
   */
  @Parameter private List<String> excludes;

  /** The folder the plugin is staged in before it is zipped. */
  @Parameter(defaultValue = "${project.build.directory}/plugin")
  private File stagingDirectory;

  /** Where the zips of the plugins this one depends on are copied. */
  @Parameter(defaultValue = "${project.build.directory}/augment-dependencies")
  private File dependencyDirectory;

  /** Creates the goal; Maven calls this. */
  public PackMojo() {}

  private boolean ofADependency(Artifact a, Set<String> theirModules) {
    return PluginDependencies.throughAPluginZip(a, project.getArtifacts())
        || PluginDependencies.moduleOf(a.getFile().toPath())
            .filter(theirModules::contains)
            .isPresent();
  }

  @Override
  public void execute() throws MojoExecutionException {
    try {
      Path staging = stagingDirectory.toPath();
      // A stale jar of an earlier version would end up in the zip next to the new one.
      ArchiveFolders.delete(staging);
      Manifests.Filtered m = Manifests.filter(manifest.toPath(), project, staging);
      Path modules = Files.createDirectories(staging.resolve("modules"));
      File jar = project.getArtifact().getFile();
      if (jar == null || !jar.isFile()) {
        throw new MojoExecutionException(
            "the project's jar is not built yet: run augment:pack in the package phase or later");
      }
      ModuleJars.withVersion(
          jar.toPath(),
          m.version(),
          modules.resolve(project.getArtifactId() + "-" + m.version() + ".jar"));
      Set<String> excluded = excludes == null ? HOST_PROVIDED : Set.copyOf(excludes);
      List<Path> dependencyZips = PluginDependencies.zips(project.getArtifacts());
      Set<String> theirModules = PluginDependencies.modules(dependencyZips);
      if (!dependencyZips.isEmpty()) {
        PluginDependencies.stage(dependencyZips, dependencyDirectory.toPath());
      }
      for (Artifact a : project.getArtifacts()) {
        boolean runtime =
            Artifact.SCOPE_COMPILE.equals(a.getScope())
                || Artifact.SCOPE_RUNTIME.equals(a.getScope());
        if (runtime && "jar".equals(a.getType()) && ofADependency(a, theirModules)) {
          getLog().info("Leaving out " + a + ": a plugin this one depends on carries it");
        } else if (runtime
            && "jar".equals(a.getType())
            && !excluded.contains(a.getGroupId() + ":" + a.getArtifactId())) {
          Files.copy(
              a.getFile().toPath(),
              modules.resolve(a.getFile().getName()),
              StandardCopyOption.REPLACE_EXISTING);
        } else if (runtime && excluded.contains(a.getGroupId() + ":" + a.getArtifactId())) {
          getLog().info("Leaving out " + a + ": the host provides it");
        }
      }
      Path zip =
          Path.of(project.getBuild().getDirectory()).resolve(m.name() + "-" + m.version() + ".zip");
      PluginPacker.packFolder(staging, zip);
      helper.attachArtifact(project, "zip", "plugin", zip.toFile());
      getLog().info("Packed plugin " + m.name() + "@" + m.version() + " into " + zip);
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException("cannot pack the plugin: " + e.getMessage(), e);
    }
  }
}
