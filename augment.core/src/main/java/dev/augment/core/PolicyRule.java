package dev.augment.core;

import dev.augment.api.Api;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of the {@link BytecodePolicy}: references a plugin's class files may not contain.
 *
 * <p>Each target has the form {@code owner#member}: {@code owner} is a binary class name, and
 * {@code member} a method or field name, {@code <init>} for constructors, a prefix ending in {@code
 * *} such as {@code new*}, or {@code *} alone for any use of the type at all (including a string
 * constant naming it, as {@code Class.forName} would). A reference matches when its owner is {@code
 * owner} or a subtype of it, so {@code java.lang.reflect.AccessibleObject#setAccessible} also
 * catches {@code Field.setAccessible}, and {@code java.lang.Thread#start} a plugin class that
 * extends {@code Thread}.
 *
 * @param id the rule's short name, such as {@code exit}; it appears in every violation
 * @param description why the rule exists, in one sentence
 * @param targets the references the rule forbids
 * @param permission the capability permission that waives the rule; empty when nothing does
 */
@Api.Stable
public record PolicyRule(
    String id, String description, List<String> targets, Optional<String> permission) {

  /**
   * Creates a rule.
   *
   * @param id see the record description
   * @param description see the record description
   * @param targets see the record description
   * @param permission see the record description
   * @throws IllegalArgumentException if a target is not {@code owner#member}
   */
  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(permission, "permission");
    targets = List.copyOf(targets);
    for (String t : targets) {
      int hash = t.indexOf('#');
      if (hash <= 0 || hash == t.length() - 1 || t.indexOf('#', hash + 1) >= 0) {
        throw new IllegalArgumentException(
            "policy target '" + t + "' of rule " + id + " is not owner#member");
      }
    }
  }

  /**
   * Creates a rule that nothing waives.
   *
   * @param id the rule's short name
   * @param description why the rule exists
   * @param targets the references it forbids, as {@code owner#member}
   * @return the rule
   */
  public static PolicyRule forbid(String id, String description, String... targets) {
    return new PolicyRule(id, description, List.of(targets), Optional.empty());
  }

  /**
   * Creates a rule that a capability with {@code permission} waives.
   *
   * @param id the rule's short name
   * @param permission the permission that waives it
   * @param description why the rule exists
   * @param targets the references it forbids, as {@code owner#member}
   * @return the rule
   */
  public static PolicyRule unlessPermitted(
      String id, String permission, String description, String... targets) {
    return new PolicyRule(id, description, List.of(targets), Optional.of(permission));
  }
}
