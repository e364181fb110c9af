package dev.augment.core;

import dev.augment.api.Api;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as defined by <a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0.0</a>.
 *
 * <p>Ordering follows SemVer precedence: major, minor and patch numerically, a pre-release sorts
 * before its release, pre-release identifiers compare numerically when both are numeric and
 * lexically otherwise. Build metadata is kept for display and ignored by {@link #compareTo}; two
 * versions that differ only in build metadata are therefore ordered as equal although {@link
 * #equals} tells them apart.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the dot-separated pre-release identifiers, empty for a release
 * @param build the dot-separated build metadata, empty when there is none
 */
@Api.Stable
public record Version(int major, int minor, int patch, List<String> preRelease, List<String> build)
    implements Comparable<Version> {

  private static final Pattern SEMVER =
      Pattern.compile(
          "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  /**
   * Creates a version and copies the identifier lists.
   *
   * @param major see the record description
   * @param minor see the record description
   * @param patch see the record description
   * @param preRelease see the record description
   * @param build see the record description
   * @throws IllegalArgumentException if a number is negative
   */
  public Version {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
    preRelease = List.copyOf(preRelease);
    build = List.copyOf(build);
  }

  /**
   * Parses a version such as {@code 1.2.3}, {@code 1.0.0-rc.1} or {@code 2.0.0+build.7}.
   *
   * @param text the version text, without a leading {@code v}
   * @return the version
   * @throws IllegalArgumentException if {@code text} is not a SemVer 2.0.0 version
   */
  public static Version parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + text
                        + "' is not a semantic version (MAJOR.MINOR.PATCH, see semver.org)"));
  }

  /**
   * Parses a version, or returns empty when the text is not one.
   *
   * @param text the version text
   * @return the version, or empty
   */
  public static Optional<Version> tryParse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Version(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              split(m.group(4)),
              split(m.group(5))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  private static List<String> split(String identifiers) {
    return identifiers == null ? List.of() : List.of(identifiers.split("\\."));
  }

  /**
   * Tells whether this is a pre-release such as {@code 1.0.0-beta}.
   *
   * @return {@code true} when there are pre-release identifiers
   */
  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** Returns this version without pre-release or build identifiers. */
  Version withoutPre() {
    return new Version(major, minor, patch, List.of(), List.of());
  }

  /** Returns this version with the lowest pre-release, {@code -0}: below every other one. */
  Version withPreZero() {
    return new Version(major, minor, patch, List.of("0"), List.of());
  }

  @Override
  public int compareTo(Version other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, other.preRelease);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean numericA = a.chars().allMatch(Character::isDigit);
    boolean numericB = b.chars().allMatch(Character::isDigit);
    if (numericA && numericB) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (numericA != numericB) {
      return numericA ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /**
   * Returns the version in its SemVer form, for example {@code 1.0.0-rc.1+build.7}.
   *
   * @return the version text
   */
  @Override
  public String toString() {
    String text = major + "." + minor + "." + patch;
    if (!preRelease.isEmpty()) {
      text += "-" + String.join(".", preRelease);
    }
    if (!build.isEmpty()) {
      text += "+" + String.join(".", build);
    }
    return text;
  }
}
