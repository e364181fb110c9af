package dev.augment.core.internal.policy;

import dev.augment.api.Api;
import dev.augment.core.BytecodePolicy;
import dev.augment.core.PolicyRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * @param target the rule's target it matches
   * @param reference the reference and its location
   */
  public record Violation(PolicyRule rule, PolicyRule.Target target, Reference reference) {
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
              : "calls "
                  + target
                  + "."
                  + reference.member()
                  + this.target.parameters().map(p -> "(" + String.join(", ", p) + ")").orElse("");
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
    Index index = new Index(policy, permissions);
    Hierarchy hierarchy = new Hierarchy(scan.supertypes());
    Map<String, Optional<Compiled>> anyMemberByOwner = new HashMap<>();
    List<Violation> found = new ArrayList<>();
    for (Reference ref : scan.references()) {
      Compiled first = null;
      if (ref.literal()) {
        first = index.literal(ref.owner());
      } else {
        first =
            anyMemberByOwner
                .computeIfAbsent(ref.owner(), o -> index.anyMember(o, hierarchy))
                .orElse(null);
        Optional<List<String>> parameters = null;
        for (Compiled c : index.named(ref.member())) {
          if (first != null && first.order() < c.order()) {
            break;
          }
          if (c.target().parameters().isPresent()) {
            if (parameters == null) {
              parameters = ref.parameterTypes();
            }
            if (!c.target().matchesMember(ref.member(), parameters)) {
              continue;
            }
          }
          if (hierarchy.isSubtype(ref.owner(), c.owner())) {
            first = c;
            break;
          }
        }
      }
      if (first != null) {
        found.add(new Violation(first.rule(), first.target(), ref));
      }
    }
    return found;
  }

  /** A target of an active rule, its owner as an internal name, and its place in the policy. */
  private record Compiled(PolicyRule rule, PolicyRule.Target target, String owner, int order) {}

  /**
   * The active targets, indexed so that each reference is compared only with the targets its member
   * name can match; the first rule of the policy that matches wins, as it reads.
   */
  private static final class Index {
    private final List<Compiled> anyMember = new ArrayList<>();
    private final Map<String, List<Compiled>> exact = new HashMap<>();
    private final List<Compiled> prefixed = new ArrayList<>();
    private final Map<String, List<Compiled>> byName = new HashMap<>();

    Index(BytecodePolicy policy, Set<String> permissions) {
      int order = 0;
      for (PolicyRule rule : policy.rules()) {
        if (rule.waivedBy(permissions)) {
          continue;
        }
        for (PolicyRule.Target t : rule.parsedTargets()) {
          Compiled c = new Compiled(rule, t, t.internalOwner(), order++);
          if (t.member().equals("*")) {
            anyMember.add(c);
          } else if (t.member().endsWith("*")) {
            prefixed.add(c);
          } else {
            exact.computeIfAbsent(t.member(), m -> new ArrayList<>()).add(c);
          }
        }
      }
    }

    /** The member targets a name can match, in policy order. */
    List<Compiled> named(String member) {
      if (member.equals("*")) {
        return List.of();
      }
      return byName.computeIfAbsent(
          member,
          m -> {
            List<Compiled> all = new ArrayList<>(exact.getOrDefault(m, List.of()));
            prefixed.stream().filter(c -> c.target().matchesName(m)).forEach(all::add);
            all.sort(java.util.Comparator.comparingInt(Compiled::order));
            return all;
          });
    }

    /** The first {@code owner#*} target whose owner is this type or a supertype of it. */
    Optional<Compiled> anyMember(String owner, Hierarchy hierarchy) {
      return anyMember.stream().filter(c -> hierarchy.isSubtype(owner, c.owner())).findFirst();
    }

    /** The first {@code owner#*} target a string constant names exactly. */
    Compiled literal(String owner) {
      return anyMember.stream().filter(c -> c.owner().equals(owner)).findFirst().orElse(null);
    }
  }

  /**
   * Answers "is this type the target or a subtype of it", through the plugin's own classes and then
   * the JDK's, remembering every answer and every JDK lookup: a plugin bundling a large library
   * makes a hundred thousand references to a few thousand types.
   */
  private static final class Hierarchy {
    private final Map<String, List<String>> own;
    private final Map<String, Map<String, Boolean>> answers = new HashMap<>();
    private final Map<String, Optional<Class<?>>> jdk = new HashMap<>();

    Hierarchy(Map<String, List<String>> own) {
      this.own = own;
    }

    boolean isSubtype(String type, String target) {
      if (type.equals(target)) {
        return true;
      }
      Map<String, Boolean> byTarget = answers.computeIfAbsent(type, t -> new HashMap<>());
      Boolean known = byTarget.get(target);
      if (known == null) {
        known = compute(type, target);
        byTarget.put(target, known);
      }
      return known;
    }

    private boolean compute(String type, String target) {
      List<String> supers = own.get(type);
      if (supers != null) {
        for (String s : supers) {
          if (isSubtype(s, target)) {
            return true;
          }
        }
        return false;
      }
      Optional<Class<?>> targetClass = jdkClass(target);
      Optional<Class<?>> typeClass = targetClass.isEmpty() ? Optional.empty() : jdkClass(type);
      return typeClass.isPresent() && targetClass.get().isAssignableFrom(typeClass.get());
    }

    /** Looks a JDK type up without initializing it; empty for a type the JDK does not have. */
    private Optional<Class<?>> jdkClass(String internalName) {
      return jdk.computeIfAbsent(
          internalName,
          n -> {
            try {
              return Optional.of(
                  Class.forName(n.replace('/', '.'), false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException | LinkageError notAJdkType) {
              return Optional.empty();
            }
          });
    }
  }
}
