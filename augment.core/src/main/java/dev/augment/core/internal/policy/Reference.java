package dev.augment.core.internal.policy;

import dev.augment.api.Api;

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
 */
@Api.Internal
public record Reference(
    String owner, String member, String fromClass, String fromMethod, int line, boolean literal) {

  /**
   * Returns where the reference is, for messages: {@code hello.Greeter.greet(line 12)}.
   *
   * @return the location
   */
  public String location() {
    return fromClass + "." + fromMethod + (line >= 0 ? " (line " + line + ")" : "");
  }
}
