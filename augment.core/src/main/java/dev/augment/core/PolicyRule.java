package dev.augment.core;

import dev.augment.api.Api;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of the {@link BytecodePolicy}: references a plugin's class files may not contain.
 *
 * <p>Each target has the form {@code owner#member} or {@code owner#member(parameters)}: {@code
 * owner} is a binary class name, and {@code member} a method or field name, {@code <init>} for
 * constructors, a prefix ending in {@code *} such as {@code new*}, or {@code *} alone for any use
 * of the type at all (including a string constant naming it, as {@code Class.forName} would). A
 * reference matches when its owner is {@code owner} or a subtype of it, so {@code
 * java.lang.reflect.AccessibleObject#setAccessible} also catches {@code Field.setAccessible}, and
 * {@code java.lang.Thread#start} a plugin class that extends {@code Thread}. Parameters, when
 * given, restrict a target to the overload with exactly those parameter types, written as Java type
 * names with {@code $} for nested types and {@code []} for arrays: {@code
 * java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier)} matches the
 * overload that runs on the common pool and not the one given an executor; {@code
 * java.util.concurrent.SubmissionPublisher#<init>()} only the constructor without parameters.
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
   * @throws IllegalArgumentException if a target is not {@code owner#member} or {@code
   *     owner#member(parameters)}
   */
  public PolicyRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(permission, "permission");
    targets = List.copyOf(targets);
    for (String t : targets) {
      try {
        Target.parse(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " in rule " + id, e);
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

  /**
   * Returns the targets, parsed: the one reading of the target syntax that both the load-time check
   * and the test kit's ArchUnit rules use.
   *
   * @return the parsed targets, in the order of {@link #targets()}
   */
  public List<Target> parsedTargets() {
    return targets.stream().map(Target::parse).toList();
  }

  /**
   * Returns whether a capability that grants these permissions waives this rule.
   *
   * @param granted the permissions a plugin's capabilities grant
   * @return {@code true} if the rule has a permission and it is granted
   */
  public boolean waivedBy(Set<String> granted) {
    return permission.map(granted::contains).orElse(false);
  }

  /**
   * One parsed target of a rule.
   *
   * @param owner the binary name of the type, such as {@code java.lang.Thread$Builder}
   * @param member the member name, a prefix ending in {@code *}, or {@code *} for any use of the
   *     type
   * @param parameters the parameter types an overload must have to match, as Java type names; empty
   *     when any overload matches
   */
  @Api.Experimental
  public record Target(String owner, String member, Optional<List<String>> parameters) {

    private static final Pattern TYPE = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*(\\[])*");

    /**
     * Creates a target and copies the parameters.
     *
     * @param owner see the record description
     * @param member see the record description
     * @param parameters see the record description
     */
    public Target {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(member, "member");
      parameters = parameters.map(List::copyOf);
    }

    /**
     * Parses {@code owner#member} or {@code owner#member(type,type)}.
     *
     * @param text the target
     * @return the target
     * @throws IllegalArgumentException if the text has another form
     */
    public static Target parse(String text) {
      int hash = text.indexOf('#');
      if (hash <= 0 || hash == text.length() - 1 || text.indexOf('#', hash + 1) >= 0) {
        throw new IllegalArgumentException("policy target '" + text + "' is not owner#member");
      }
      String owner = text.substring(0, hash);
      String member = text.substring(hash + 1);
      Optional<List<String>> parameters = Optional.empty();
      int open = member.indexOf('(');
      if (open >= 0) {
        String inside =
            member.endsWith(")") && open > 0 ? member.substring(open + 1, member.length() - 1) : "";
        List<String> types =
            inside.isBlank() ? List.of() : List.of(inside.replace(" ", "").split(",", -1));
        if (open == 0
            || !member.endsWith(")")
            || member.substring(0, open).contains("*")
            || !types.stream().allMatch(t -> TYPE.matcher(t).matches())) {
          throw new IllegalArgumentException(
              "policy target '" + text + "' is not owner#member(type,...) with Java type names");
        }
        parameters = Optional.of(types);
        member = member.substring(0, open);
      }
      return new Target(owner, member, parameters);
    }

    /**
     * Returns the owner as an internal name, such as {@code java/lang/Thread$Builder}.
     *
     * @return the internal name
     */
    public String internalOwner() {
      return owner.replace('.', '/');
    }

    /**
     * Returns whether a reference to a member of a subtype of {@link #owner()} matches this target.
     *
     * @param name the referenced member's name, {@code <init>} for a constructor, or {@code *} for
     *     a plain use of the type (a cast, a signature, a class literal)
     * @param parameterTypes the referenced method's parameter types as Java type names, or empty
     *     for a field or a plain use
     * @return whether the reference matches
     */
    public boolean matchesMember(String name, Optional<List<String>> parameterTypes) {
      return matchesName(name)
          && parameters.map(p -> parameterTypes.equals(Optional.of(p))).orElse(true);
    }

    /**
     * Returns whether a referenced member's name matches this target, whatever its parameters.
     *
     * @param name the member's name, {@code <init>}, or {@code *} for a plain use of the type
     * @return whether the name matches
     */
    public boolean matchesName(String name) {
      if (member.equals("*")) {
        return true;
      }
      if (name.equals("*")) {
        return false;
      }
      return member.endsWith("*")
          ? name.startsWith(member.substring(0, member.length() - 1))
          : member.equals(name);
    }
  }
}
