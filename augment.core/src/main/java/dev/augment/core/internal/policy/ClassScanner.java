package dev.augment.core.internal.policy;

import dev.augment.api.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads a plugin's class files with ASM, without loading them, and records what they reference.
 *
 * <p>The result feeds two checks: the bytecode policy (which calls are forbidden) and capabilities
 * (which packages of the host and the JDK the plugin uses). It also records the plugin's own type
 * hierarchy, so that a call on a plugin subclass of {@code Thread} is seen as a call on {@code
 * Thread}.
 */
@Api.Internal
public final class ClassScanner {

  private static final Pattern CLASS_NAME =
      Pattern.compile("(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

  private ClassScanner() {}

  /**
   * What a plugin's classes reference.
   *
   * @param references every reference the plugin's classes make, with its location
   * @param supertypes the plugin's own types mapped to their superclass and interfaces
   * @param ownPackages the packages the plugin's classes are in
   */
  public record Scan(
      List<Reference> references, Map<String, List<String>> supertypes, Set<String> ownPackages) {}

  /** A class file ASM cannot read: a damaged jar, or a class file newer than ASM knows. */
  public static final class UnreadableClassException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String module;

    UnreadableClassException(String module, String entry, RuntimeException cause) {
      super("holds " + entry + ", which is not a readable class file: " + cause, cause);
      this.module = module;
    }

    /**
     * Returns the module whose jar holds the class file.
     *
     * @return the module's name
     */
    public String module() {
      return module;
    }
  }

  /**
   * Scans every class file of the given modules.
   *
   * @param modules the plugin's modules
   * @return what they reference
   * @throws UncheckedIOException if a module cannot be read
   * @throws UnreadableClassException if a class file cannot be parsed
   */
  public static Scan scan(Iterable<ModuleReference> modules) {
    List<Reference> references = new ArrayList<>();
    Map<String, List<String>> supertypes = new HashMap<>();
    Set<String> ownPackages = new HashSet<>();
    for (ModuleReference module : modules) {
      try (ModuleReader reader = module.open()) {
        for (String name : reader.list().filter(ClassScanner::isClassFile).toList()) {
          try (InputStream in = reader.open(name).orElseThrow()) {
            Collector collector = new Collector(references, supertypes);
            new ClassReader(in).accept(collector, ClassReader.SKIP_FRAMES);
            ownPackages.add(packageOf(collector.className));
          } catch (RuntimeException e) {
            throw new UnreadableClassException(module.descriptor().name(), name, e);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // References to the plugin's own classes stay: Worker.start() on a plugin subclass of Thread
    // is a Thread.start() for the policy.
    return new Scan(List.copyOf(references), supertypes, ownPackages);
  }

  private static boolean isClassFile(String entry) {
    return entry.endsWith(".class")
        && !entry.endsWith("module-info.class")
        && !entry.startsWith("META-INF/");
  }

  /**
   * Returns the package of an internal name, in dotted form.
   *
   * @param internalName such as {@code java/lang/System}
   * @return such as {@code java.lang}; empty for the unnamed package
   */
  public static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }

  /** Visits one class and appends its references. */
  private static final class Collector extends ClassVisitor {
    private final List<Reference> references;
    private final Map<String, List<String>> supertypes;
    String className;
    private String binaryName;

    Collector(List<Reference> references, Map<String, List<String>> supertypes) {
      super(Opcodes.ASM9);
      this.references = references;
      this.supertypes = supertypes;
    }

    @Override
    public void visit(
        int version, int access, String name, String sig, String superName, String[] interfaces) {
      className = name;
      binaryName = name.replace('/', '.');
      List<String> supers = new ArrayList<>();
      if (superName != null) {
        supers.add(superName);
        add(superName, "*", "<class>", -1);
      }
      if (interfaces != null) {
        for (String i : interfaces) {
          supers.add(i);
          add(i, "*", "<class>", -1);
        }
      }
      supertypes.put(name, supers);
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      addType(Type.getType(descriptor), "<class>", -1);
      if (value instanceof String s) {
        addString(s, "<class>", -1);
      }
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      addType(Type.getType(descriptor), name, -1);
      return new MethodCollector(name);
    }

    void add(String owner, String member, String method, int line) {
      add(owner, member, "", method, line);
    }

    void add(String owner, String member, String descriptor, String method, int line) {
      references.add(new Reference(owner, member, binaryName, method, line, false, descriptor));
    }

    void addType(Type type, String method, int line) {
      switch (type.getSort()) {
        case Type.ARRAY -> addType(type.getElementType(), method, line);
        case Type.OBJECT -> add(type.getInternalName(), "*", method, line);
        case Type.METHOD -> {
          addType(type.getReturnType(), method, line);
          for (Type arg : type.getArgumentTypes()) {
            addType(arg, method, line);
          }
        }
        default -> {
          // primitives reference nothing
        }
      }
    }

    void addString(String s, String method, int line) {
      // A class name in a string constant, as Class.forName would use it: dotted identifiers
      // whose last one starts with a capital, such as sun.misc.Unsafe (not java.awt.headless).
      if (s.length() < 200 && CLASS_NAME.matcher(s).matches()) {
        references.add(new Reference(s.replace('.', '/'), "*", binaryName, method, line, true, ""));
      }
    }

    /** Visits one method's instructions. */
    private final class MethodCollector extends MethodVisitor {
      private final String method;
      private int line = -1;

      MethodCollector(String method) {
        super(Opcodes.ASM9);
        this.method = method;
      }

      @Override
      public void visitLineNumber(int line, Label start) {
        this.line = line;
      }

      @Override
      public void visitMethodInsn(
          int opcode, String owner, String name, String descriptor, boolean isInterface) {
        addOwner(owner, name, descriptor);
        addType(Type.getMethodType(descriptor), method, line);
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        addOwner(owner, name, "");
        addType(Type.getType(descriptor), method, line);
      }

      @Override
      public void visitTypeInsn(int opcode, String type) {
        addType(Type.getObjectType(type), method, line);
      }

      @Override
      public void visitLdcInsn(Object value) {
        if (value instanceof Type t) {
          addType(t, method, line);
        } else if (value instanceof String s) {
          addString(s, method, line);
        } else {
          addConstant(value);
        }
      }

      @Override
      public void visitInvokeDynamicInsn(
          String name, String descriptor, Handle bootstrap, Object... args) {
        addType(Type.getMethodType(descriptor), method, line);
        addConstant(bootstrap);
        for (Object arg : args) {
          addConstant(arg);
        }
      }

      /**
       * Records a loadable constant: a method handle is a reference to its member, and a dynamic
       * constant runs its bootstrap method with its arguments when it is first loaded, so both
       * count, nested ones included. A bootstrap method given a handle to {@code System.exit} is a
       * call to {@code System.exit}.
       */
      private void addConstant(Object value) {
        if (value instanceof Handle h) {
          addOwner(h.getOwner(), h.getName(), h.getDesc().startsWith("(") ? h.getDesc() : "");
        } else if (value instanceof Type t && t.getSort() != Type.METHOD) {
          addType(t, method, line);
        } else if (value instanceof ConstantDynamic c) {
          addType(Type.getType(c.getDescriptor()), method, line);
          addConstant(c.getBootstrapMethod());
          for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
            addConstant(c.getBootstrapMethodArgument(i));
          }
        }
      }

      private void addOwner(String owner, String member, String descriptor) {
        Type type = Type.getObjectType(owner);
        if (type.getSort() == Type.ARRAY) {
          addType(type, method, line);
        } else {
          add(owner, member, descriptor, method, line);
        }
      }
    }
  }
}
