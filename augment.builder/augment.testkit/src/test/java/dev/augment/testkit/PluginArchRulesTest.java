package dev.augment.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.augment.testkit.fixtures.CleanPlugin;
import dev.augment.testkit.fixtures.CoreUser;
import dev.augment.testkit.fixtures.Exiting;
import dev.augment.testkit.fixtures.FieldOpener;
import dev.augment.testkit.fixtures.MethodOpener;
import java.lang.reflect.AccessibleObject;
import org.junit.jupiter.api.Test;

class PluginArchRulesTest {

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  private static boolean violated(ArchRule rule, Class<?>... types) {
    return rule.evaluate(classes(types)).hasViolation();
  }

  @Test
  void aCleanPluginPassesEveryRule() {
    assertFalse(violated(PluginArchRules.all(), CleanPlugin.class));
    PluginArchRules.check(classes(CleanPlugin.class));
  }

  @Test
  void eachRuleCatchesItsViolation() {
    assertTrue(violated(PluginArchRules.noExitOrHalt(), Exiting.class));
    assertTrue(violated(PluginArchRules.noSetAccessible(), FieldOpener.class));
    assertTrue(violated(PluginArchRules.noSetAccessible(), MethodOpener.class));
    assertTrue(violated(PluginArchRules.noDependencyOnCore(), CoreUser.class));
    assertTrue(violated(PluginArchRules.all(), FieldOpener.class));
    AssertionError e =
        assertThrows(AssertionError.class, () -> PluginArchRules.check(classes(Exiting.class)));
    assertTrue(e.getMessage().contains("System.exit"), e.getMessage());
  }

  @Test
  void theNaiveCallMethodRuleMissesFieldSetAccessible() {
    // Why noSetAccessible() matches by name and owner: the recorded owner of the call is Field.
    ArchRule naive =
        noClasses().should().callMethod(AccessibleObject.class, "setAccessible", boolean.class);
    assertFalse(violated(naive, FieldOpener.class));
    assertTrue(violated(PluginArchRules.noSetAccessible(), FieldOpener.class));
  }
}
