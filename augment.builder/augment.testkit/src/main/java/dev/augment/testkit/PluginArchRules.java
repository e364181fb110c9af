package dev.augment.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PolicyRule;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AccessibleObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * ArchUnit rules that keep a plugin a guest of its host: checked in the plugin's own tests, long
 * before Augment's bytecode policy refuses the plugin at load time.
 *
 * <p>The policy rules are generated from a {@link BytecodePolicy} ({@link
 * BytecodePolicy#defaults()} unless one is given), target by target and with the same reading of
 * each target ({@link PolicyRule.Target}), so a class these rules pass is a class the host's policy
 * passes. Nothing here restates a rule.
 *
 * <pre>{@code
 * // with com.tngtech.archunit:archunit-junit5 on the test class path
 * @AnalyzeClasses(packages = "com.acme.greeter")
 * class GreeterArchitectureTest {
 *   @ArchTest static final ArchRule isolated = PluginArchRules.all();
 *   // a plugin that will declare a capability permitting threads:
 *   @ArchTest static final ArchRule policy =
 *       PluginArchRules.policy(BytecodePolicy.defaults(), Set.of("threads"));
 * }
 * }</pre>
 *
 * @apiNote A call matches a target when the call's owner is assignable to the target's owner, not
 *     when it equals it: ArchUnit's {@code callMethod(AccessibleObject.class, "setAccessible",
 *     boolean.class)} would miss {@code Field.setAccessible(true)}, because the call's recorded
 *     owner is {@code Field}. A string constant naming an {@code owner#*} target's type (as in
 *     {@code Class.forName("sun.misc.Unsafe")}) counts too, as it does at load; ArchUnit does not
 *     record string constants, so these rules read them from the class file's constant pool.
 *     Dynamic constants ({@code CONSTANT_Dynamic}, which javac does not write for Java source) are
 *     seen only at load.
 */
@Api.Stable
public final class PluginArchRules {

  private PluginArchRules() {}

  /**
   * A plugin never depends on the host runtime, {@code augment.core}: it sees {@code augment.api}
   * and the host's contract only.
   *
   * @return the rule
   */
  public static ArchRule noDependencyOnCore() {
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.augment.core..")
        .because("a plugin sees augment.api and the host's contract, never the host runtime");
  }

  /**
   * A plugin never ends the JVM: the default policy's {@code exit} rule.
   *
   * @return the rule
   */
  public static ArchRule noExitOrHalt() {
    return rule(defaultRule("exit"));
  }

  /**
   * A plugin never breaks encapsulation: the default policy's {@code set-accessible} rule, on any
   * {@link AccessibleObject}, {@code Field}, {@code Method} and {@code Constructor} included.
   *
   * @return the rule
   */
  public static ArchRule noSetAccessible() {
    return rule(defaultRule("set-accessible"));
  }

  /**
   * A plugin never uses {@code sun.misc.Unsafe}: the default policy's {@code unsafe} rule.
   *
   * @return the rule
   */
  public static ArchRule noUnsafe() {
    return rule(defaultRule("unsafe"));
  }

  /**
   * One rule of a bytecode policy, as an ArchUnit rule.
   *
   * @param rule the policy rule
   * @return the ArchUnit rule; its violations read like the host's refusal
   */
  public static ArchRule rule(PolicyRule rule) {
    return ArchRuleDefinition.classes()
        .should(new PolicyCondition(rule))
        .because(rule.description());
  }

  /**
   * Every rule of a policy that the given permissions do not waive, as ArchUnit rules.
   *
   * @param policy the host's policy, usually {@link BytecodePolicy#defaults()}
   * @param permissions the permissions the plugin's capabilities will grant, such as {@code
   *     threads}
   * @return one ArchUnit rule per policy rule, in the policy's order
   */
  public static List<ArchRule> policyRules(BytecodePolicy policy, Set<String> permissions) {
    return policy.rules().stream()
        .filter(r -> !r.waivedBy(permissions))
        .map(PluginArchRules::rule)
        .toList();
  }

  /**
   * Every rule of a policy that the given permissions do not waive, as one ArchUnit rule.
   *
   * @param policy the host's policy
   * @param permissions the permissions the plugin's capabilities will grant
   * @return the rule
   */
  public static ArchRule policy(BytecodePolicy policy, Set<String> permissions) {
    List<ArchRule> rules = policyRules(policy, permissions);
    if (rules.isEmpty()) {
      return rule(PolicyRule.forbid("none", "the policy forbids nothing"));
    }
    CompositeArchRule all = CompositeArchRule.of(rules.get(0));
    for (ArchRule r : rules.subList(1, rules.size())) {
      all = all.and(r);
    }
    return all;
  }

  /**
   * {@link #noDependencyOnCore()} and every rule of the default policy, without permissions.
   *
   * @return the rule
   */
  public static ArchRule all() {
    return CompositeArchRule.of(noDependencyOnCore())
        .and(policy(BytecodePolicy.defaults(), Set.of()));
  }

  /**
   * Checks {@link #all()}'s rules against the given classes and throws on the first violated rule.
   *
   * @param classes the plugin's classes
   * @throws AssertionError if a rule is violated; the message lists every violation
   */
  public static void check(JavaClasses classes) {
    noDependencyOnCore().check(classes);
    for (ArchRule rule : policyRules(BytecodePolicy.defaults(), Set.of())) {
      rule.check(classes);
    }
  }

  private static PolicyRule defaultRule(String id) {
    return BytecodePolicy.defaults().rules().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the default policy has no rule " + id));
  }

  /** The policy's reading of one rule, over ArchUnit's model of a class. */
  private static final class PolicyCondition extends ArchCondition<JavaClass> {
    private final PolicyRule rule;
    private final List<PolicyRule.Target> targets;

    PolicyCondition(PolicyRule rule) {
      super("not break rule [" + rule.id() + "] of the bytecode policy");
      this.rule = rule;
      this.targets = rule.parsedTargets();
    }

    @Override
    public void check(JavaClass item, ConditionEvents events) {
      Set<String> found = new LinkedHashSet<>();
      Set<JavaAccess<?>> accesses = new HashSet<>(item.getAccessesFromSelf());
      accesses.addAll(item.getCodeUnitReferencesFromSelf());
      for (JavaAccess<?> access : accesses) {
        for (PolicyRule.Target t : targets) {
          if (!t.member().equals("*")
              && t.matchesMember(access.getName(), parameters(access.getTarget()))
              && access.getTargetOwner().isAssignableTo(t.owner())) {
            found.add(access.getDescription() + ": matches " + t.owner() + "#" + t.member());
            break;
          }
        }
      }
      for (Dependency d : item.getDirectDependenciesFromSelf()) {
        JavaClass target = element(d.getTargetClass());
        for (PolicyRule.Target t : targets) {
          if (t.member().equals("*") && target.isAssignableTo(t.owner())) {
            found.add(d.getDescription() + ": matches " + t.owner() + "#*");
            break;
          }
        }
      }
      Set<String> strings = stringConstants(item);
      for (PolicyRule.Target t : targets) {
        if (t.member().equals("*") && strings.contains(t.owner())) {
          found.add("Class <" + item.getName() + "> names " + t.owner() + " in a string constant");
        }
      }
      for (String f : found) {
        events.add(
            SimpleConditionEvent.violated(
                item, f + ": rule [" + rule.id() + "] " + rule.description()));
      }
    }

    private static JavaClass element(JavaClass type) {
      return type.isArray() ? element(type.getComponentType()) : type;
    }

    private static Optional<List<String>> parameters(AccessTarget target) {
      if (!(target instanceof AccessTarget.CodeUnitAccessTarget code)) {
        return Optional.empty();
      }
      List<String> names = new ArrayList<>();
      for (JavaClass p : code.getRawParameterTypes()) {
        names.add(typeName(p));
      }
      return Optional.of(names);
    }

    /** A Java type name as the policy writes it: {@code java.lang.String[]}, not {@code [L...;}. */
    private static String typeName(JavaClass type) {
      return type.isArray() ? typeName(type.getComponentType()) + "[]" : type.getName();
    }
  }

  /**
   * Reads the {@code CONSTANT_String} entries of a class file: what {@code ldc} loads and what
   * constant fields hold, the strings the host's policy reads as class names.
   */
  static Set<String> stringConstants(JavaClass type) {
    Optional<Source> source = type.getSource();
    if (source.isEmpty()) {
      return Set.of();
    }
    byte[] bytes;
    try (InputStream in = source.get().getUri().toURL().openStream()) {
      bytes = in.readAllBytes();
    } catch (IOException | IllegalArgumentException e) {
      return Set.of();
    }
    try {
      return ConstantPool.strings(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the class file of " + type.getName(), e);
    }
  }

  /** The few lines of the class file format needed to list a constant pool's strings. */
  private static final class ConstantPool {
    private ConstantPool() {}

    static Set<String> strings(byte[] classFile) throws IOException {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      List<Integer> strings = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 8 -> strings.add(in.readUnsignedShort());
          case 7, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          default -> throw new IOException("unknown constant pool tag " + tag);
        }
      }
      Set<String> values = new HashSet<>();
      for (int index : strings) {
        if (utf8[index] != null) {
          values.add(utf8[index]);
        }
      }
      return values;
    }
  }
}
