package dev.augment.maven;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Writes the host's description from the host itself: calls a static method of the host that
 * returns its {@code PluginHostBuilder}, and writes {@code builder.describe()} with {@code
 * HostDescriptions.toJson}, so the description that plugins are verified against is never kept by
 * hand.
 *
 * <p>The host runs on a module path, as it does in production: the goal resolves the project's
 * compiled module and its runtime dependencies into a module layer of their own (over the JDK's
 * modules, never Maven's classes), so the contract is a named module and the description names the
 * host's modules. Nothing of the host but the method runs; no plugin folder is read.
 */
@Mojo(
    name = "describe",
    defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class DescribeMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /**
   * The method that returns the host's builder, as {@code com.acme.host.Host#builder}: public,
   * static, taking no parameter or one {@code java.nio.file.Path} (the plugin folder; it is given
   * {@code plugins} and never read).
   */
  @Parameter(property = "augment.hostBuilder", required = true)
  private String hostBuilder;

  /** Where the description goes. */
  @Parameter(
      property = "augment.host",
      defaultValue = "${project.build.directory}/augment-host.json")
  private File hostDescription;

  /** Creates the goal; Maven calls this. */
  public DescribeMojo() {}

  @Override
  public void execute() throws MojoExecutionException {
    List<Path> path = new ArrayList<>();
    path.add(Path.of(project.getBuild().getOutputDirectory()));
    for (Artifact a : project.getArtifacts()) {
      if ("jar".equals(a.getType())) {
        path.add(a.getFile().toPath());
      }
    }
    try {
      String json = describe(path, hostBuilder);
      Path out = hostDescription.toPath();
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json);
      getLog().info("Described the host of " + hostBuilder + " in " + out);
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException(
          "cannot describe the host with " + hostBuilder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads the host's modules into a layer of their own and returns its description as JSON.
   *
   * @param modulePath the host's compiled module first, then its runtime dependencies
   * @param method {@code class#method}
   * @return the JSON text
   * @throws IllegalArgumentException if the method is not a public static builder method
   */
  static String describe(List<Path> modulePath, String method) {
    int hash = method.indexOf('#');
    if (hash <= 0 || hash == method.length() - 1) {
      throw new IllegalArgumentException(
          "hostBuilder '" + method + "' is not class#method, as com.acme.host.Host#builder");
    }
    String className = method.substring(0, hash);
    String methodName = method.substring(hash + 1);
    ModuleFinder finder = ModuleFinder.of(modulePath.toArray(Path[]::new));
    String hostModule =
        finder.findAll().stream()
            .map(ModuleReference::descriptor)
            .filter(d -> d.packages().contains(packageOf(className)))
            .map(d -> d.name())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no module on the host's module path holds " + className));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf =
        boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(hostModule));
    ModuleLayer.Controller controller =
        ModuleLayer.defineModulesWithOneLoader(
            cf, List.of(boot), ClassLoader.getPlatformClassLoader());
    ModuleLayer layer = controller.layer();
    Module host = layer.findModule(hostModule).orElseThrow();
    controller.addOpens(host, packageOf(className), DescribeMojo.class.getModule());
    ClassLoader loader = layer.findLoader(hostModule);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Method m = builderMethod(Class.forName(className, true, loader), methodName);
      Object builder =
          m.getParameterCount() == 0 ? m.invoke(null) : m.invoke(null, Path.of("plugins"));
      Object description = builder.getClass().getMethod("describe").invoke(builder);
      // The layer's own augment.core, not the copy on this plugin's class path.
      Class<?> descriptions = Class.forName("dev.augment.core.host.HostDescriptions", true, loader);
      Class<?> type = Class.forName("dev.augment.core.HostDescription", true, loader);
      Method toJson = descriptions.getMethod("toJson", type);
      return (String) toJson.invoke(null, description);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no class " + className + " in " + hostModule, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          method + " threw " + e.getCause(), e.getCause() == null ? e : e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + method + ": " + e, e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static Method builderMethod(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      boolean params =
          m.getParameterCount() == 0
              || (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Path.class);
      if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && params) {
        m.setAccessible(true);
        return m;
      }
    }
    throw new IllegalArgumentException(
        type.getName()
            + " has no static method "
            + name
            + "() or "
            + name
            + "(Path) that returns the host's PluginHostBuilder");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }
}
