package dev.augment.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.BytecodePolicy;
import java.lang.module.ModuleReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the default policy costs a plugin that bundles Jackson 3: the real jars of {@code
 * tools.jackson.databind}, {@code tools.jackson.core} and {@code com.fasterxml.jackson.annotation},
 * taken from augment.core's own module path and scanned as a plugin's modules would be.
 */
class JacksonPolicyTest {

  private static final List<String> JACKSON =
      List.of("tools.jackson.databind", "tools.jackson.core", "com.fasterxml.jackson.annotation");

  private static ClassScanner.Scan scan() {
    List<ModuleReference> refs =
        JACKSON.stream()
            .map(n -> ModuleLayer.boot().configuration().findModule(n).orElseThrow().reference())
            .toList();
    return ClassScanner.scan(refs);
  }

  private static Map<String, Long> byRule(List<PolicyCheck.Violation> violations) {
    return violations.stream()
        .collect(Collectors.groupingBy(v -> v.rule().id(), TreeMap::new, Collectors.counting()));
  }

  @Test
  void jacksonTripsTheReflectiveRulesAndPassesWithTheReflectionPermission() {
    ClassScanner.Scan scan = scan();
    assertTrue(scan.references().size() > 10_000, "scanned the real jars");
    List<PolicyCheck.Violation> without =
        PolicyCheck.violations(BytecodePolicy.defaults(), scan, Set.of());
    Map<String, Long> rules = byRule(without);
    // 3.0.4: 18 reflective calls (Method.invoke, Constructor.newInstance, Field.set, unreflect*)
    // and 2 setAccessible calls (ClassUtil.checkAndFixAccess, ClassUtil$EnumTypeLocator); no
    // threads, no class definition, no Unsafe.
    assertEquals(Set.of("reflection", "set-accessible"), rules.keySet(), rules::toString);
    assertTrue(
        without.stream()
            .anyMatch(v -> v.describe().startsWith("tools.jackson.databind.util.ClassUtil")),
        "names the class: " + without.get(0).describe());
    assertEquals(
        List.of(),
        PolicyCheck.violations(BytecodePolicy.defaults(), scan, Set.of("reflection")).stream()
            .map(PolicyCheck.Violation::describe)
            .toList());
  }
}
