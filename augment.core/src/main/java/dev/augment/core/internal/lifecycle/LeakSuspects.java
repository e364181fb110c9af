package dev.augment.core.internal.lifecycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Names the live threads that hold a dropped layer's class loader, by identity where the JDK lets
 * us see it and by the module's full coordinates where it does not.
 *
 * <p>A thread's class and its context class loader are compared with the dropped loaders by
 * identity. A stack frame carries only strings, so a frame counts as the layer's code when its
 * module name, module version and class loader name are those of a module of the layer, and the
 * thread's context class loader is not another loader that defines the frame's package: that is
 * another copy of the same module, such as the new version of an updated plugin, and its threads
 * are not this layer's suspects. Two copies with the same name and version, run by threads whose
 * context loader is neither copy's, look the same in a stack trace; Augment's own calls into a
 * plugin always set the plugin's loader as the context loader, so threads a plugin starts from them
 * are told apart.
 */
final class LeakSuspects {

  /**
   * What a stack frame shows of a module: its version and its loader's name, either may be null.
   */
  private record Coordinates(String version, String loaderName) {}

  private final Map<String, Coordinates> modules;

  private LeakSuspects(Map<String, Coordinates> modules) {
    this.modules = modules;
  }

  /**
   * Records what a frame of {@code layer}'s code shows, as strings only: the tracker must not keep
   * the layer reachable.
   *
   * @param layer the dropped layer
   * @return the layer's module coordinates
   */
  static LeakSuspects of(ModuleLayer layer) {
    Map<String, Coordinates> modules = new HashMap<>();
    for (Module m : layer.modules()) {
      ClassLoader loader = m.getClassLoader();
      modules.put(
          m.getName(),
          new Coordinates(
              m.getDescriptor().rawVersion().orElse(null),
              loader == null ? null : loader.getName()));
    }
    return new LeakSuspects(modules);
  }

  /**
   * Lists the threads that hold one of {@code loaders}, one line each.
   *
   * @param loaders the dropped layer's loaders, still reachable, in an identity set
   * @param threads the live threads and their stacks
   * @return the suspects; empty when no thread holds them
   */
  List<String> find(Set<ClassLoader> loaders, Map<Thread, StackTraceElement[]> threads) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : threads.entrySet()) {
      Thread t = e.getKey();
      String name = "thread '" + t.getName() + "'";
      ClassLoader context = t.getContextClassLoader();
      if (loaders.contains(t.getClass().getClassLoader())) {
        found.add(name + " is a " + t.getClass().getName() + " of the plugin and still runs");
      } else if (context != null && loaders.contains(context)) {
        found.add(name + " has the plugin's class loader as its context class loader");
      }
      for (StackTraceElement frame : e.getValue()) {
        if (runsLayerCode(frame, context, loaders)) {
          found.add(name + " runs plugin code: " + frame);
          break;
        }
      }
    }
    return found;
  }

  private boolean runsLayerCode(
      StackTraceElement frame, ClassLoader context, Set<ClassLoader> loaders) {
    Coordinates m = frame.getModuleName() == null ? null : modules.get(frame.getModuleName());
    if (m == null
        || !Objects.equals(m.version(), frame.getModuleVersion())
        || !Objects.equals(m.loaderName(), frame.getClassLoaderName())) {
      return false;
    }
    return context == null || loaders.contains(context) || !definesPackageOf(context, frame);
  }

  private static boolean definesPackageOf(ClassLoader loader, StackTraceElement frame) {
    String type = frame.getClassName();
    int dot = type.lastIndexOf('.');
    return loader.getDefinedPackage(dot < 0 ? "" : type.substring(0, dot)) != null;
  }
}
