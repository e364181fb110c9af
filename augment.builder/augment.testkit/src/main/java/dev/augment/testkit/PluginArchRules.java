package dev.augment.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.augment.api.Api;
import java.lang.reflect.AccessibleObject;
import java.util.List;
import java.util.Set;

/**
 * ArchUnit rules that keep a plugin a guest of its host: checked in the plugin's own tests, long
 * before Augment's bytecode policy refuses the plugin at load time.
 *
 * <pre>{@code
 * // with com.tngtech.archunit:archunit-junit5 on the test class path
 * @AnalyzeClasses(packages = "com.acme.greeter")
 * class GreeterArchitectureTest {
 *   @ArchTest static final ArchRule isolated = PluginArchRules.all();
 * }
 * }</pre>
 *
 * @apiNote {@code noSetAccessible()} matches calls by method name and by an owner assignable to
 *     {@link AccessibleObject}. ArchUnit's {@code callMethod(AccessibleObject.class,
 *     "setAccessible", boolean.class)} would miss {@code Field.setAccessible(true)}, because the
 *     call's recorded owner is {@code Field}.
 */
@Api.Stable
public final class PluginArchRules {

  private static final Set<String> OPENERS = Set.of("setAccessible", "trySetAccessible");

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
   * A plugin never ends the JVM: no {@code System.exit}, {@code Runtime.exit} or {@code
   * Runtime.halt}.
   *
   * @return the rule
   */
  public static ArchRule noExitOrHalt() {
    return noClasses()
        .should()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .because("only the host may end the JVM");
  }

  /**
   * A plugin never breaks encapsulation: no {@code setAccessible} or {@code trySetAccessible} on
   * any {@link AccessibleObject}, {@code Field}, {@code Method} and {@code Constructor} included.
   *
   * @return the rule
   */
  public static ArchRule noSetAccessible() {
    DescribedPredicate<JavaMethodCall> opens =
        DescribedPredicate.describe(
            "setAccessible or trySetAccessible on an AccessibleObject",
            call ->
                OPENERS.contains(call.getName())
                    && call.getTargetOwner().isAssignableTo(AccessibleObject.class));
    return noClasses()
        .should()
        .callMethodWhere(opens)
        .because("plugins may not break the encapsulation of other code");
  }

  /**
   * A plugin never uses {@code sun.misc.Unsafe}.
   *
   * @return the rule
   */
  public static ArchRule noUnsafe() {
    return noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("sun.misc.Unsafe")
        .because("Unsafe bypasses every guarantee of the JVM");
  }

  /**
   * Every rule above, as one.
   *
   * @return the rule
   */
  public static ArchRule all() {
    return CompositeArchRule.of(noDependencyOnCore())
        .and(noExitOrHalt())
        .and(noSetAccessible())
        .and(noUnsafe());
  }

  /**
   * Checks every rule against the given classes and throws on the first violated rule.
   *
   * @param classes the plugin's classes
   * @throws AssertionError if a rule is violated; the message lists every violation
   */
  public static void check(JavaClasses classes) {
    for (ArchRule rule :
        List.of(noDependencyOnCore(), noExitOrHalt(), noSetAccessible(), noUnsafe())) {
      rule.check(classes);
    }
  }
}
