package dev.augment.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases taken from node-semver's own range fixtures, for the forms Augment supports. */
class VersionRangeTest {

  @ParameterizedTest(name = "{1} in ''{0}'' is {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1.2.3 ; 1.2.3 ; true",
        "1.2.3 ; 1.2.4 ; false",
        "=1.2.3 ; 1.2.3 ; true",
        "^1.2.3 ; 1.2.3 ; true",
        "^1.2.3 ; 1.9.9 ; true",
        "^1.2.3 ; 2.0.0 ; false",
        "^1.2.3 ; 1.2.2 ; false",
        "^0.2.3 ; 0.2.9 ; true",
        "^0.2.3 ; 0.3.0 ; false",
        "^0.0.3 ; 0.0.3 ; true",
        "^0.0.3 ; 0.0.4 ; false",
        "^0.0 ; 0.0.9 ; true",
        "^0.0 ; 0.1.0 ; false",
        "^0.x ; 0.9.0 ; true",
        "^0.x ; 1.0.0 ; false",
        "^1.2.x ; 1.9.0 ; true",
        "^1.2.x ; 1.1.0 ; false",
        "~1.2.3 ; 1.2.9 ; true",
        "~1.2.3 ; 1.3.0 ; false",
        "~1.2 ; 1.2.0 ; true",
        "~1.2 ; 1.3.0 ; false",
        "~1 ; 1.9.9 ; true",
        "~1 ; 2.0.0 ; false",
        "~>1.2 ; 1.2.5 ; true",
        "1.x ; 1.0.0 ; true",
        "1.x ; 1.99.0 ; true",
        "1.x ; 2.0.0 ; false",
        "1.2.* ; 1.2.7 ; true",
        "1.2.* ; 1.3.0 ; false",
        "1 ; 1.5.0 ; true",
        "* ; 9.9.9 ; true",
        "'' ; 0.0.1 ; true",
        "x ; 3.0.0 ; true",
        ">=1.0.0 <2.0.0 ; 1.5.0 ; true",
        ">=1.0.0 <2.0.0 ; 2.0.0 ; false",
        ">=1.0.0 <2.0.0 ; 0.9.0 ; false",
        ">= 1.0.0 ; 1.0.0 ; true",
        ">1.2.3 ; 1.2.4 ; true",
        ">1.2.3 ; 1.2.3 ; false",
        ">1.2 ; 1.3.0 ; true",
        ">1.2 ; 1.2.9 ; false",
        ">1 ; 2.0.0 ; true",
        ">1 ; 1.9.9 ; false",
        "<1.2 ; 1.1.9 ; true",
        "<1.2 ; 1.2.0 ; false",
        "<=1.2 ; 1.2.9 ; true",
        "<=1.2 ; 1.3.0 ; false",
        "<=1.2.3 ; 1.2.3 ; true",
        "<1.2.3 ; 1.2.3 ; false",
        "1.2.3 - 2.3.4 ; 1.2.3 ; true",
        "1.2.3 - 2.3.4 ; 2.3.4 ; true",
        "1.2.3 - 2.3.4 ; 2.3.5 ; false",
        "1.2 - 2.3 ; 2.3.9 ; true",
        "1.2 - 2.3 ; 2.4.0 ; false",
        "1.2 - 2.3 ; 1.1.9 ; false",
        "1.x || >=2.5.0 ; 2.6.0 ; true",
        "1.x || >=2.5.0 ; 2.1.0 ; false",
        "^1.0.0 || ^3.0.0 ; 3.1.0 ; true",
        "^1.2.0 ; 1.3.0-beta ; false",
        ">=1.2.0-beta.1 ; 1.2.0-beta.2 ; true",
        ">=1.2.0-beta.1 ; 1.2.0-alpha ; false",
        ">=1.2.0-beta.1 ; 1.3.0-beta ; false",
        ">=1.2.0-beta.1 ; 1.3.0 ; true",
        "^1.2.3-rc.1 ; 1.2.3-rc.2 ; true",
        "^1.2.3-rc.1 ; 1.2.3 ; true",
        "1.0.0-rc.1 ; 1.0.0-rc.1 ; true",
        "<1.0.0 ; 1.0.0-beta ; false",
        ">x ; 0.0.0 ; false",
        "<* ; 0.0.0 ; false",
      })
  void testsLikeNpm(String range, String version, boolean expected) {
    assertEquals(expected, VersionRange.parse(range).test(Version.parse(version)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"^", "1.2.3.4", ">=abc", "~1.2.3 junk", "1..2", ">=1.0.0<2.0.0x", "99999999999"})
  void refusesWhatIsNotARange(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(text));
    assertEquals(true, e.getMessage().contains("'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {" ^1.2.3 ", "^1.0.0 || 2.x"})
  void remembersItsText(String text) {
    assertEquals(text.trim(), VersionRange.parse(text).toString());
  }
}
