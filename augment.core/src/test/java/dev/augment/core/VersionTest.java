package dev.augment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  @Test
  void parsesAllParts() {
    Version v = Version.parse("1.2.3-rc.1+build.7");
    assertEquals(1, v.major());
    assertEquals(2, v.minor());
    assertEquals(3, v.patch());
    assertEquals(List.of("rc", "1"), v.preRelease());
    assertEquals(List.of("build", "7"), v.build());
    assertTrue(v.isPreRelease());
    assertEquals("1.2.3-rc.1+build.7", v.toString());
    assertFalse(Version.parse("1.0.0").isPreRelease());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "1.2",
        "01.2.3",
        "1.02.3",
        "v1.2.3",
        "1.2.3-",
        "1.2.3-01",
        "1.2.3+",
        "",
        " 1.2.3",
        "99999999999.0.0"
      })
  void refusesWhatIsNotSemVer(String text) {
    assertTrue(Version.tryParse(text).isEmpty(), text);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
    assertTrue(e.getMessage().contains("not a semantic version"));
  }

  @Test
  void ordersBySemVerPrecedence() {
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0");
    for (int i = 0; i + 1 < ordered.size(); i++) {
      Version lower = Version.parse(ordered.get(i));
      Version higher = Version.parse(ordered.get(i + 1));
      assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
      assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
    }
  }

  @Test
  void buildMetadataDoesNotChangePrecedence() {
    assertEquals(0, Version.parse("1.0.0+a").compareTo(Version.parse("1.0.0+b")));
  }

  @Test
  void refusesNegativeNumbers() {
    assertThrows(IllegalArgumentException.class, () -> new Version(-1, 0, 0, List.of(), List.of()));
  }
}
