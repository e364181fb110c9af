package dev.augment.maven;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Links the host into a runtime image: the project's jar and its runtime dependencies (every one an
 * explicit module) with the JDK modules they need, launchers in {@code bin/} that {@code exec}
 * java, a {@code plugins/} folder holding the plugin zips the project depends on, and a CDS
 * archive.
 *
 * <p>Every module of the host's runtime module path is a root; {@code addModules} names more (a JDK
 * module that only a capability grants, such as {@code java.sql}). Without {@code launchers}, and
 * when the project's module has a main class, one launcher named after the artifactId runs it.
 * jlink runs in Maven's own JDK through {@code java.util.spi.ToolProvider}; the image is for the
 * platform Maven runs on.
 */
@Mojo(
    name = "image",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class ImageMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The image folder; replaced on each run. */
  @Parameter(
      property = "augment.image.directory",
      defaultValue = "${project.build.directory}/image")
  private File outputDirectory;

  /**
   * Whether the project's own jar is a module of the image; {@code false} for a project that only
   * assembles an image from its dependencies.
   */
  @Parameter(defaultValue = "true")
  private boolean includeProjectArtifact;

  /** More root modules: JDK modules a capability grants, say. */
  @Parameter private List<String> addModules;

  /** Launchers, in jlink's syntax: {@code name=module} or {@code name=module/mainclass}. */
  @Parameter private List<String> launchers;

  /** JVM options every launcher passes to java, before {@code $JAVA_OPTS}. */
  @Parameter private List<String> jvmOptions;

  /**
   * Copies the project's plugin-zip dependencies (type {@code zip}, classifier {@code plugin}) into
   * {@code plugins/}, as {@code <artifactId>-<version>.zip}.
   */
  @Parameter(defaultValue = "true")
  private boolean copyPlugins;

  /** Dumps a CDS archive of the image's JDK classes. */
  @Parameter(property = "augment.image.cds", defaultValue = "true")
  private boolean cds;

  /**
   * A training run of the linked host for an application CDS archive of every class it loads from
   * the image ({@code lib/app.jsa}), which the launchers then map: start-up without most of the
   * class loading and verification. Needs {@code cds}. See {@link Training}.
   */
  @Parameter private Training training;

  /** Skips the image. */
  @Parameter(property = "augment.image.skip", defaultValue = "false")
  private boolean skip;

  /** Creates the goal; Maven calls this. */
  public ImageMojo() {}

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("Skipping the runtime image");
      return;
    }
    List<Path> modules = new ArrayList<>();
    Optional<String> mainModule = Optional.empty();
    if (includeProjectArtifact) {
      File jar = project.getArtifact().getFile();
      if (jar == null || !jar.getName().endsWith(".jar")) {
        throw new MojoExecutionException(
            "the project's jar is not built yet: run augment:image in the package phase or later,"
                + " or set includeProjectArtifact to false");
      }
      modules.add(jar.toPath());
      mainModule =
          ModuleFinder.of(jar.toPath()).findAll().stream()
              .findFirst()
              .map(ModuleReference::descriptor)
              .filter(d -> !d.isAutomatic())
              .map(d -> d.name());
    }
    Map<String, Path> plugins = new LinkedHashMap<>();
    for (Artifact a : project.getArtifacts()) {
      boolean runtime =
          Artifact.SCOPE_COMPILE.equals(a.getScope())
              || Artifact.SCOPE_RUNTIME.equals(a.getScope());
      if (runtime && "jar".equals(a.getType())) {
        modules.add(a.getFile().toPath());
      } else if (copyPlugins && "zip".equals(a.getType()) && "plugin".equals(a.getClassifier())) {
        // By artifactId and version, whether it comes from the reactor or from a repository.
        plugins.put(a.getArtifactId() + "-" + a.getVersion() + ".zip", a.getFile().toPath());
      }
    }
    ImageLinker linker =
        new ImageLinker()
            .modules(modules)
            .addModules(addModules == null ? List.of() : addModules)
            .jvmOptions(jvmOptions == null ? List.of() : jvmOptions)
            .plugins(plugins)
            .cds(cds)
            .training(Optional.ofNullable(training))
            .defaultLauncher(project.getArtifactId())
            .log(getLog()::debug);
    for (String spec : launchers == null ? List.<String>of() : launchers) {
      linker.launcher(ImageLinker.Launcher.parse(spec));
    }
    try {
      ImageLinker.Result r = linker.link(outputDirectory.toPath(), mainModule);
      getLog()
          .info(
              "Linked "
                  + r.roots().size()
                  + " root module(s) into "
                  + r.image()
                  + "; launchers "
                  + r.launchers().stream().map(l -> "bin/" + l.name()).toList()
                  + ", "
                  + plugins.size()
                  + " plugin(s) in plugins/");
      getLog().info(r.cds());
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException("cannot link the image: " + e.getMessage(), e);
    }
  }
}
