package dev.augment.core.internal.policy;

import dev.augment.api.Api;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.Type;

/**
 * One reference a plugin's class file makes, and where.
 *
 * @param owner the internal name of the referenced type, such as {@code java/lang/System}
 * @param member the member name, {@code <init>} for a constructor, {@code *} for a plain use of the
 *     type (a cast, a class literal, a string naming it)
 * @param fromClass the binary name of the plugin class that makes the reference
 * @param fromMethod the method it is in, or {@code <class>} outside methods
 * @param line the source line, or -1 when the class file has no line numbers
 * @param literal {@code true} when a string constant names the type, as for {@code
 *     Class.forName("sun.misc.Unsafe")}; such references count for the policy only
 * @param descriptor the referenced method's descriptor, such as {@code (I)V}; empty for a field or
 *     a plain use of the type
 */
@Api.Internal
public record Reference(
    String owner,
    String member,
    String fromClass,
    String fromMethod,
    int line,
    boolean literal,
    String descriptor) {

  /**
   * Returns where the reference is, for messages: {@code hello.Greeter.greet(line 12)}.
   *
   * @return the location
   */
  public String location() {
    return fromClass + "." + fromMethod + (line >= 0 ? " (line " + line + ")" : "");
  }

  /**
   * Returns the referenced method's parameter types as Java type names.
   *
   * @return the types, such as {@code [int, java.lang.String[]]}; empty for a field or a plain use
   */
  public Optional<List<String>> parameterTypes() {
    if (!descriptor.startsWith("(")) {
      return Optional.empty();
    }
    return Optional.of(
        Arrays.stream(Type.getArgumentTypes(descriptor)).map(Type::getClassName).toList());
  }
}
