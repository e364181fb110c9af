package dev.augment.tools;

import dev.augment.api.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a modular jar's module version, so a plugin's stack traces name the version its manifest
 * declares: {@code greeter@1.2.0/com.acme.Greeter.greet(Greeter.java:12)}.
 */
@Api.Experimental
public final class ModuleJars {

  private ModuleJars() {}

  /**
   * Copies a jar, setting the version of every {@code module-info.class} in it (the plain one and
   * those of a multi-release jar). A plain jar is copied as it is.
   *
   * @param jar the jar
   * @param version the module version to set
   * @param out where to write the copy
   * @return {@code out}
   * @throws UncheckedIOException if a file cannot be read or written
   */
  public static Path withVersion(Path jar, String version, Path out) {
    try (JarFile in = new JarFile(jar.toFile());
        JarOutputStream copy = new JarOutputStream(Files.newOutputStream(out))) {
      for (JarEntry entry : Collections.list(in.entries())) {
        JarEntry copied = new JarEntry(entry.getName());
        // The same input gives the same bytes, so a host sees an unchanged plugin as unchanged.
        copied.setTimeLocal(PluginPacker.STAMP);
        copy.putNextEntry(copied);
        try (InputStream data = in.getInputStream(entry)) {
          if (entry.getName().endsWith("module-info.class")) {
            copy.write(setVersion(data.readAllBytes(), version));
          } else {
            data.transferTo(copy);
          }
        }
        copy.closeEntry();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] setVersion(byte[] moduleInfo, String version) {
    ClassReader reader = new ClassReader(moduleInfo);
    ClassWriter writer = new ClassWriter(0);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public ModuleVisitor visitModule(String name, int access, String ignored) {
            return super.visitModule(name, access, version);
          }
        },
        0);
    return writer.toByteArray();
  }
}
