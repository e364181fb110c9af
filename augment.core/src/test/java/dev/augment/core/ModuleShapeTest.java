package dev.augment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/** Guards the module's public shape: its descriptor and the stability marker of every type. */
class ModuleShapeTest {

  private static final Set<String> MARKERS =
      Set.of(
          "Ldev/augment/api/Api$Stable;",
          "Ldev/augment/api/Api$Experimental;",
          "Ldev/augment/api/Api$Internal;");

  /** Renders what a module promises: requires, exports, opens, uses, provides. */
  static String describe(ModuleDescriptor d) {
    Set<String> lines = new TreeSet<>();
    d.requires().stream()
        .filter(r -> !r.name().equals("java.base"))
        .forEach(
            r ->
                lines.add(
                    "requires "
                        + r.modifiers().stream()
                            .map(m -> m.name().toLowerCase(java.util.Locale.ROOT) + " ")
                            .sorted()
                            .reduce("", String::concat)
                        + r.name()));
    d.exports().forEach(e -> lines.add("exports " + e));
    d.opens().forEach(o -> lines.add("opens " + o));
    d.uses().forEach(u -> lines.add("uses " + u));
    d.provides().forEach(p -> lines.add("provides " + p));
    return "module " + d.name() + "\n" + String.join("\n", lines) + "\n";
  }

  @Test
  void descriptorMatchesTheGoldenFile() throws IOException {
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/descriptors/augment.core.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, describe(PluginHost.class.getModule().getDescriptor()));
  }

  @Test
  void everyPublicTypeOfTheExportedPackageCarriesAStabilityMarker()
      throws IOException, URISyntaxException {
    Path root =
        Path.of(PluginHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> unmarked = new ArrayList<>();
    int checked = 0;
    for (String exported :
        PluginHost.class.getModule().getDescriptor().exports().stream()
            .filter(e -> !e.isQualified())
            .map(e -> e.source().replace('.', '/'))
            .toList()) {
      try (Stream<Path> files = Files.list(root.resolve(exported))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          Marked marked = new Marked();
          new ClassReader(Files.readAllBytes(file)).accept(marked, ClassReader.SKIP_CODE);
          if (marked.isPublic && !marked.name.endsWith("package-info")) {
            checked++;
            if (!marked.hasMarker) {
              unmarked.add(marked.name);
            }
          }
        }
      }
    }
    assertTrue(checked > 10, "found only " + checked + " public types");
    assertEquals(List.of(), unmarked);
  }

  @Test
  void internalPackagesAreExportedOnlyToTheBuildersTools() {
    ModuleDescriptor d = PluginHost.class.getModule().getDescriptor();
    assertFalse(d.packages().stream().filter(p -> p.contains(".internal")).toList().isEmpty());
    assertTrue(
        d.exports().stream()
            .filter(e -> e.source().contains(".internal"))
            .allMatch(e -> e.targets().equals(java.util.Set.of("augment.tools"))));
  }

  /** Collects a class's visibility and invisible annotations. */
  private static final class Marked extends ClassVisitor {
    String name;
    boolean isPublic;
    boolean hasMarker;

    Marked() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(
        int version, int access, String name, String sig, String sup, String[] interfaces) {
      this.name = name;
      this.isPublic = (access & Opcodes.ACC_PUBLIC) != 0;
    }

    @Override
    public void visitInnerClass(String name, String outer, String inner, int access) {
      if (name.equals(this.name) && (access & Opcodes.ACC_PUBLIC) == 0) {
        isPublic = false;
      }
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      hasMarker |= MARKERS.contains(descriptor);
      return null;
    }
  }
}
