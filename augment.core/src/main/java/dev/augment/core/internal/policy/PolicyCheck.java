package dev.augment.core.internal.policy;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link BytecodePolicy} to a plugin's {@link ClassScanner.Scan}.
 *
 * <p>A reference matches a rule's target when its member matches and its owner is the target's type
 * or a subtype of it: through the plugin's own classes first, then through JDK classes, which are
 * looked up (never initialized) in the platform class loader. Plugin classes are never loaded.
 */
@Api.Internal
public final class PolicyCheck {

  private PolicyCheck() {}

  /**
   * A forbidden reference.
   *
   * @param rule the rule it breaks
   * @param reference the reference and its location
   */
  public record Violation(PolicyRule rule, Reference reference) {
    /**
     * Describes the violation: the location, the referenced member and the rule.
     *
     * @return one line
     */
    public String describe() {
      String target = reference.owner().replace('/', '.');
      String what =
          reference.member().equals("*")
              ? "uses " + target
              : "calls " + target + "." + reference.member();
      return reference.location()
          + " "
          + what
          + ": rule ["
          + rule.id()
          + "] "
          + rule.description()
          + rule.permission()
              .map(p -> " (a capability that permits '" + p + "' waives it)")
              .orElse("");
    }
  }

  /**
   * Finds the references that break the policy and that the plugin's permissions do not waive.
   *
   * @param policy the policy
   * @param scan the plugin's scan
   * @param permissions the permissions its capabilities grant
   * @return the violations, in scan order
   */
  public static List<Violation> violations(
      BytecodePolicy policy, ClassScanner.Scan scan, Set<String> permissions) {
    List<Violation> found = new ArrayList<>();
    List<PolicyRule> active =
        policy.rules().stream()
            .filter(r -> r.permission().map(p -> !permissions.contains(p)).orElse(true))
            .toList();
    for (Reference ref : scan.references()) {
      for (PolicyRule rule : active) {
        if (rule.targets().stream().anyMatch(t -> matches(t, ref, scan.supertypes()))) {
          found.add(new Violation(rule, ref));
          break;
        }
      }
    }
    return found;
  }

  private static boolean matches(String target, Reference ref, Map<String, List<String>> own) {
    int hash = target.indexOf('#');
    String owner = target.substring(0, hash).replace('.', '/');
    String member = target.substring(hash + 1);
    boolean memberMatches =
        member.equals("*")
            || member.equals(ref.member())
            || member.endsWith("*")
                && !ref.member().equals("*")
                && ref.member().startsWith(member.substring(0, member.length() - 1));
    if (ref.literal()) {
      return memberMatches && ref.owner().equals(owner);
    }
    return memberMatches && isSubtype(ref.owner(), owner, own);
  }

  static boolean isSubtype(String type, String target, Map<String, List<String>> own) {
    if (type.equals(target)) {
      return true;
    }
    List<String> supers = own.get(type);
    if (supers != null) {
      return supers.stream().anyMatch(s -> isSubtype(s, target, own));
    }
    try {
      ClassLoader platform = ClassLoader.getPlatformClassLoader();
      Class<?> targetClass = Class.forName(target.replace('/', '.'), false, platform);
      Class<?> typeClass = Class.forName(type.replace('/', '.'), false, platform);
      return targetClass.isAssignableFrom(typeClass);
    } catch (ClassNotFoundException | LinkageError notAJdkType) {
      return false;
    }
  }
}
