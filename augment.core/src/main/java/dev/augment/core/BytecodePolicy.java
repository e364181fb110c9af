package dev.augment.core;

import dev.augment.api.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plugin's class files may not reference; checked with ASM before any plugin code runs.
 *
 * <p>The {@linkplain #defaults() default policy} refuses:
 *
 * <ul>
 *   <li>{@code exit}: {@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt};
 *   <li>{@code set-accessible}: {@code setAccessible} and {@code trySetAccessible} on any {@code
 *       AccessibleObject};
 *   <li>{@code unsafe}: any use of {@code sun.misc.Unsafe} or {@code jdk.internal.misc.Unsafe};
 *   <li>{@code processes}: starting processes, unless a capability permits {@code processes};
 *   <li>{@code threads}: starting threads or thread pools outside the plugin's managed executor,
 *       unless a capability permits {@code threads}.
 * </ul>
 *
 * <p>A host changes the policy with {@link #with} and {@link #without}; a policy is immutable.
 */
@Api.Stable
public final class BytecodePolicy {

  private static final BytecodePolicy DEFAULTS =
      new BytecodePolicy(
          List.of(
              PolicyRule.forbid(
                  "exit",
                  "only the host may end the JVM",
                  "java.lang.System#exit",
                  "java.lang.Runtime#exit",
                  "java.lang.Runtime#halt"),
              PolicyRule.forbid(
                  "set-accessible",
                  "plugins may not break the encapsulation of other code",
                  "java.lang.reflect.AccessibleObject#setAccessible",
                  "java.lang.reflect.AccessibleObject#trySetAccessible"),
              PolicyRule.forbid(
                  "unsafe",
                  "Unsafe bypasses every guarantee of the JVM",
                  "sun.misc.Unsafe#*",
                  "jdk.internal.misc.Unsafe#*"),
              PolicyRule.unlessPermitted(
                  "processes",
                  "processes",
                  "starting processes needs a capability that permits it",
                  "java.lang.ProcessBuilder#start",
                  "java.lang.ProcessBuilder#startPipeline",
                  "java.lang.Runtime#exec"),
              PolicyRule.unlessPermitted(
                  "threads",
                  "threads",
                  "plugins use their managed executor; own threads would outlive teardown",
                  "java.lang.Thread#start",
                  "java.lang.Thread#startVirtualThread",
                  "java.lang.Thread$Builder#start",
                  "java.util.concurrent.Executors#new*",
                  "java.util.concurrent.ThreadPoolExecutor#<init>",
                  "java.util.concurrent.ForkJoinPool#<init>",
                  "java.util.Timer#<init>")));

  private final Map<String, PolicyRule> rules;

  private BytecodePolicy(List<PolicyRule> rules) {
    Map<String, PolicyRule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    this.rules = byId;
  }

  /**
   * Returns the default policy described above.
   *
   * @return the default policy
   */
  public static BytecodePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy with no rule at all.
   *
   * @return the empty policy
   */
  public static BytecodePolicy none() {
    return new BytecodePolicy(List.of());
  }

  /**
   * Returns this policy plus a rule, replacing a rule of the same id.
   *
   * @param rule the rule
   * @return the new policy
   */
  public BytecodePolicy with(PolicyRule rule) {
    List<PolicyRule> next = new ArrayList<>(rules.values());
    next.removeIf(r -> r.id().equals(rule.id()));
    next.add(rule);
    return new BytecodePolicy(next);
  }

  /**
   * Returns this policy without a rule.
   *
   * @param id the rule's id
   * @return the new policy
   */
  public BytecodePolicy without(String id) {
    List<PolicyRule> next = new ArrayList<>(rules.values());
    next.removeIf(r -> r.id().equals(id));
    return new BytecodePolicy(next);
  }

  /**
   * Returns the rules.
   *
   * @return the rules, in the order they were added
   */
  public List<PolicyRule> rules() {
    return List.copyOf(rules.values());
  }
}
