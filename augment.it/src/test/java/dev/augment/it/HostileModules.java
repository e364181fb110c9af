package dev.augment.it;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;

import dev.augment.core.Rule;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The module part of the hostile corpus: plugins that shadow JDK modules, split a package with the
 * host, form a cycle, carry two versions of a module or a {@code java.*} package, name a module
 * with a control character, or whose provider or initializer throws or hangs. Descriptors javac
 * refuses are written with ASM.
 */
final class HostileModules {

  private final HostileCorpus corpus;

  HostileModules(HostileCorpus corpus) {
    this.corpus = corpus;
  }

  void write() throws IOException {
    pluginDir(
        corpus.plugins().resolve("mod-shadows-jdk"),
        manifest("mod-shadows-jdk", "1.0.0", "fixture.hc.modshadowsjdk"),
        greeterJar("fixture.hc.modshadowsjdk").writeTo(corpus.jars()),
        moduleJar("java.sql", List.of(), corpus.work().resolve("jdk/java.sql.jar")));
    corpus.add("module", "mod-shadows-jdk", Rule.SHADOWS_HOST_MODULE, "java.sql");
    pluginDir(
        corpus.plugins().resolve("mod-shadows-jdk-internal"),
        manifest("mod-shadows-jdk-internal", "1.0.0", "fixture.hc.modshadowsjdkinternal"),
        greeterJar("fixture.hc.modshadowsjdkinternal").writeTo(corpus.jars()),
        moduleJar("jdk.unsupported", List.of(), corpus.work().resolve("jdk/jdk.unsupported.jar")));
    corpus.add("module", "mod-shadows-jdk-internal", Rule.SHADOWS_HOST_MODULE, "jdk.unsupported");

    pluginDir(
        corpus.plugins().resolve("mod-split-with-host"),
        manifest("mod-split-with-host", "1.0.0", "fixture.hc.modsplitwithhost"),
        greeterJar("fixture.hc.modsplitwithhost").writeTo(corpus.jars()),
        classJar("fixture/contract/Sneaky", corpus.work().resolve("split/fixture.hc.sneaky.jar")));
    corpus.add("module", "mod-split-with-host", Rule.RESOLUTION, "fixture.contract");

    pluginDir(
        corpus.plugins().resolve("mod-control-name"),
        manifest("mod-control-name", "1.0.0", "fixture.hc.modcontrolname"),
        greeterJar("fixture.hc.modcontrolname").writeTo(corpus.jars()),
        moduleJar("fixture.hc.evil\u001b", List.of(), corpus.work().resolve("ctl/evil.jar")));
    corpus.add("module", "mod-control-name", Rule.LAYOUT, "illegal character: ESCAPE");

    pluginDir(
        corpus.plugins().resolve("mod-cycle"),
        manifest("mod-cycle", "1.0.0", "fixture.hc.modcycle"),
        greeterJar("fixture.hc.modcycle").writeTo(corpus.jars()),
        moduleJar("fixture.hc.ca", List.of("fixture.hc.cb"), corpus.work().resolve("cycle/ca.jar")),
        moduleJar(
            "fixture.hc.cb", List.of("fixture.hc.ca"), corpus.work().resolve("cycle/cb.jar")));
    corpus.add("module", "mod-cycle", Rule.RESOLUTION, "Cycle");

    pluginDir(
        corpus.plugins().resolve("mod-two-versions"),
        manifest("mod-two-versions", "1.0.0", "fixture.hc.modtwoversions"),
        greeterJar("fixture.hc.modtwoversions").writeTo(corpus.jars()),
        Fixtures.libJar(Files.createDirectories(corpus.work().resolve("lib1")), "1.0.0"),
        Fixtures.libJar(Files.createDirectories(corpus.work().resolve("lib2")), "2.0.0"));
    corpus.add("module", "mod-two-versions", Rule.LAYOUT, "fixture.lib");

    pluginDir(
        corpus.plugins().resolve("mod-java-package"),
        manifest("mod-java-package", "1.0.0", "fixture.hc.modjavapackage"),
        greeterJar("fixture.hc.modjavapackage").writeTo(corpus.jars()),
        classJar("java/evil/Boot", corpus.work().resolve("javapkg/fixture.hc.javaevil.jar")));
    corpus.add("module", "mod-java-package", Rule.RESOLUTION, "java.evil");

    corpus.plugin(
        "mod-initializer-throws",
        greeterJar("fixture.hc.modinitializerthrows")
            .source(
                "fixture/hc/modinitializerthrows/Boom.java",
                "package fixture.hc.modinitializerthrows; class Boom { static final int X;"
                    + " static { if (true) throw new IllegalStateException(\"static boom\"); X = 1;"
                    + " } }")
            .constructor("int x = Boom.X;"),
        "");
    corpus.add("module", "mod-initializer-throws", Rule.PROVIDER_FAILED, "static boom");
    corpus.plugin(
        "mod-initializer-hangs",
        greeterJar("fixture.hc.modinitializerhangs")
            .source(
                "fixture/hc/modinitializerhangs/Stuck.java",
                "package fixture.hc.modinitializerhangs; class Stuck { static final int X = hang();"
                    + " static int hang() { while (true) { try { Thread.sleep(1_000); } catch"
                    + " (InterruptedException e) { } } } }")
            .constructor("int x = Stuck.X;"),
        "");
    corpus.add("module", "mod-initializer-hangs", Rule.PROVIDER_FAILED, "budget");
    corpus.plugin(
        "mod-provider-hangs",
        greeterJar("fixture.hc.modproviderhangs")
            .constructor(
                "while (true) { try { Thread.sleep(1_000); } catch (InterruptedException e) { } }"),
        "");
    corpus.add("module", "mod-provider-hangs", Rule.PROVIDER_FAILED, "budget");
  }

  /** A jar holding only a module descriptor written with ASM: javac refuses a cycle. */
  static Path moduleJar(String name, List<String> requires, Path jar) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_MODULE, "module-info", null, null, null);
    ModuleVisitor mv = cw.visitModule(name, 0, "1.0.0");
    mv.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
    requires.forEach(r -> mv.visitRequire(r, 0, null));
    mv.visitEnd();
    cw.visitEnd();
    return jar(jar, "module-info.class", cw.toByteArray());
  }

  /** A plain jar with one empty class of the given internal name, such as {@code java/evil/X}. */
  static Path classJar(String internalName, Path jar) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
    cw.visitEnd();
    return jar(jar, internalName + ".class", cw.toByteArray());
  }

  private static Path jar(Path jar, String entry, byte[] bytes) {
    try {
      Files.createDirectories(jar.getParent());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        out.putNextEntry(new JarEntry(entry));
        out.write(bytes);
        out.closeEntry();
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
