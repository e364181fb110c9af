package dev.augment.core;

import dev.augment.api.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of semantic versions with the semantics of npm's {@code node-semver}.
 *
 * <p>Supported forms, combinable with spaces (and) and {@code ||} (or):
 *
 * <ul>
 *   <li>{@code 1.2.3} or {@code =1.2.3}: exactly that version;
 *   <li>{@code >1.2.3}, {@code >=1.2.3}, {@code <1.2.3}, {@code <=1.2.3};
 *   <li>{@code ~1.2.3}: patch updates ({@code >=1.2.3 <1.3.0-0}); {@code ~1}: {@code >=1.0.0
 *       <2.0.0-0};
 *   <li>{@code ^1.2.3}: updates that keep the left-most non-zero number ({@code ^0.2.3} is {@code
 *       >=0.2.3 <0.3.0-0});
 *   <li>{@code 1.x}, {@code 1.2.*}, {@code 1}, {@code *}: any number where the {@code x} is;
 *   <li>{@code 1.2.3 - 2.3.4}: an inclusive range.
 * </ul>
 *
 * <p>As in npm, a pre-release version satisfies a range only when one of the comparators of the
 * satisfied set names the same {@code major.minor.patch} with a pre-release: {@code 1.3.0-beta}
 * does not satisfy {@code ^1.2.0}, while {@code 1.2.0-beta.2} satisfies {@code >=1.2.0-beta.1}.
 *
 * @implNote Written by hand because the Java semver libraries on Maven Central are automatic
 *     modules, which a jlinked host image cannot contain; see {@code docs/capabilities.md}.
 */
@Api.Stable
public final class VersionRange implements Predicate<Version> {

  private static final String XR = "(?:x|X|\\*|0|[1-9]\\d*)";
  private static final String PARTIAL =
      XR + "(?:\\." + XR + "(?:\\." + XR + "(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)?)?";
  private static final Pattern HYPHEN =
      Pattern.compile("\\s*(" + PARTIAL + ")\\s+-\\s+(" + PARTIAL + ")\\s*");
  private static final Pattern COMPARATOR =
      Pattern.compile("(<=|>=|<|>|=|~>?|\\^)?\\s*(" + PARTIAL + ")");
  private static final Pattern PARTS =
      Pattern.compile(
          "("
              + XR
              + ")(?:\\.("
              + XR
              + ")(?:\\.("
              + XR
              + ")(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?)?)?");

  private final String text;
  private final List<List<Comparator>> sets;

  private VersionRange(String text, List<List<Comparator>> sets) {
    this.text = text;
    this.sets = sets;
  }

  /**
   * Parses a range.
   *
   * @param text the range, such as {@code ^1.2.0} or {@code >=1.0.0 <2.0.0 || 3.x}
   * @return the range
   * @throws IllegalArgumentException if the text is not a range
   */
  public static VersionRange parse(String text) {
    List<List<Comparator>> sets = new ArrayList<>();
    for (String part : text.split("\\|\\|", -1)) {
      sets.add(parseSet(part, text));
    }
    return new VersionRange(text.trim(), List.copyOf(sets));
  }

  private static List<Comparator> parseSet(String part, String whole) {
    String set = part.trim();
    if (set.isEmpty()) {
      return List.of(Comparator.ANY);
    }
    Matcher hyphen = HYPHEN.matcher(set);
    if (hyphen.matches()) {
      List<Comparator> out = new ArrayList<>();
      Partial from = Partial.of(hyphen.group(1));
      Partial to = Partial.of(hyphen.group(2));
      if (!from.isAny()) {
        out.add(new Comparator(Op.GE, from.floor()));
      }
      if (!to.isAny()) {
        out.add(
            to.isFull()
                ? new Comparator(Op.LE, to.version())
                : new Comparator(Op.LT, to.nextCeiling()));
      }
      return out.isEmpty() ? List.of(Comparator.ANY) : List.copyOf(out);
    }
    List<Comparator> out = new ArrayList<>();
    Matcher m = COMPARATOR.matcher(set);
    int at = 0;
    while (at < set.length()) {
      if (Character.isWhitespace(set.charAt(at))) {
        at++;
        continue;
      }
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "'" + whole + "' is not a version range: cannot read '" + set.substring(at) + "'");
      }
      out.addAll(expand(m.group(1), Partial.of(m.group(2))));
      at = m.end();
      if (at < set.length() && !Character.isWhitespace(set.charAt(at))) {
        throw new IllegalArgumentException(
            "'" + whole + "' is not a version range: cannot read '" + set.substring(at) + "'");
      }
    }
    return List.copyOf(out);
  }

  private static List<Comparator> expand(String op, Partial p) {
    String o = op == null ? "" : op;
    switch (o) {
      case "^":
        return caret(p);
      case "~":
      case "~>":
        return p.isAny()
            ? List.of(Comparator.ANY)
            : range(p.floor(), p.minor == null ? p.bump(0) : p.bump(1));
      case "":
      case "=":
        if (p.isAny()) {
          return List.of(Comparator.ANY);
        }
        return p.isFull()
            ? List.of(new Comparator(Op.EQ, p.version()))
            : range(p.floor(), p.nextCeiling());
      case ">":
        if (p.isAny()) {
          return List.of(new Comparator(Op.LT, new Version(0, 0, 0, List.of("0"), List.of())));
        }
        return p.isFull()
            ? List.of(new Comparator(Op.GT, p.version()))
            : List.of(new Comparator(Op.GE, p.nextCeiling().withoutPre()));
      case ">=":
        return p.isAny() ? List.of(Comparator.ANY) : List.of(new Comparator(Op.GE, p.floor()));
      case "<":
        if (p.isAny()) {
          return List.of(new Comparator(Op.LT, new Version(0, 0, 0, List.of("0"), List.of())));
        }
        return List.of(new Comparator(Op.LT, p.isFull() ? p.version() : p.floor().withPreZero()));
      case "<=":
        if (p.isAny()) {
          return List.of(Comparator.ANY);
        }
        return p.isFull()
            ? List.of(new Comparator(Op.LE, p.version()))
            : List.of(new Comparator(Op.LT, p.nextCeiling()));
      default:
        throw new IllegalStateException("unknown operator " + o);
    }
  }

  private static List<Comparator> caret(Partial p) {
    if (p.isAny()) {
      return List.of(Comparator.ANY);
    }
    Version floor = p.floor();
    Version ceiling;
    if (p.major != 0 || p.minor == null) {
      ceiling = p.bump(0);
    } else if (p.minor != 0 || p.patch == null) {
      ceiling = p.bump(1);
    } else {
      ceiling = p.bump(2);
    }
    return range(floor, ceiling);
  }

  private static List<Comparator> range(Version floor, Version ceiling) {
    return List.of(new Comparator(Op.GE, floor), new Comparator(Op.LT, ceiling));
  }

  /**
   * Tells whether a version is in this range.
   *
   * @param version the version
   * @return {@code true} if some {@code ||} alternative accepts the version
   */
  @Override
  public boolean test(Version version) {
    for (List<Comparator> set : sets) {
      if (set.stream().allMatch(c -> c.test(version)) && preReleaseAllowed(set, version)) {
        return true;
      }
    }
    return false;
  }

  private static boolean preReleaseAllowed(List<Comparator> set, Version v) {
    if (!v.isPreRelease()) {
      return true;
    }
    for (Comparator c : set) {
      Version a = c.version;
      if (c != Comparator.ANY
          && a.isPreRelease()
          && a.major() == v.major()
          && a.minor() == v.minor()
          && a.patch() == v.patch()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the range as it was written, trimmed.
   *
   * @return the range text
   */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Tells whether another range was written the same way.
   *
   * @param other another object
   * @return {@code true} for a range with the same text
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof VersionRange r && r.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private enum Op {
    EQ,
    GT,
    GE,
    LT,
    LE
  }

  private record Comparator(Op op, Version version) {
    static final Comparator ANY = new Comparator(Op.GE, new Version(0, 0, 0, List.of(), List.of()));

    boolean test(Version v) {
      if (this == ANY) {
        return true;
      }
      int c = v.compareTo(version);
      return switch (op) {
        case EQ -> c == 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case LT -> c < 0;
        case LE -> c <= 0;
      };
    }
  }

  /** A version whose trailing numbers may be missing or wildcards ({@code null}). */
  private record Partial(Integer major, Integer minor, Integer patch, List<String> pre) {

    static Partial of(String text) {
      Matcher m = PARTS.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + text + "' is not a version");
      }
      Integer major = number(m.group(1));
      Integer minor = major == null ? null : number(m.group(2));
      Integer patch = minor == null ? null : number(m.group(3));
      List<String> pre =
          patch == null || m.group(4) == null
              ? List.of()
              : List.of(m.group(4).substring(1).split("\\."));
      return new Partial(major, minor, patch, pre);
    }

    private static Integer number(String s) {
      if (s == null || s.toLowerCase(Locale.ROOT).equals("x") || s.equals("*")) {
        return null;
      }
      try {
        return Integer.valueOf(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is too large for a version number", e);
      }
    }

    boolean isAny() {
      return major == null;
    }

    boolean isFull() {
      return patch != null;
    }

    Version version() {
      return new Version(major, minor, patch, pre, List.of());
    }

    Version floor() {
      return new Version(
          major,
          minor == null ? 0 : minor,
          patch == null ? 0 : patch,
          isFull() ? pre : List.of(),
          List.of());
    }

    /** The first version past what this partial covers: {@code 1.2} gives {@code 1.3.0-0}. */
    Version nextCeiling() {
      return minor == null ? bump(0) : bump(1);
    }

    /** Increments the number at {@code index} (0 major, 1 minor, 2 patch) and zeroes the rest. */
    Version bump(int index) {
      int ma = major;
      int mi = minor == null ? 0 : minor;
      int pa = patch == null ? 0 : patch;
      return switch (index) {
        case 0 -> new Version(ma + 1, 0, 0, List.of("0"), List.of());
        case 1 -> new Version(ma, mi + 1, 0, List.of("0"), List.of());
        default -> new Version(ma, mi, pa + 1, List.of("0"), List.of());
      };
    }
  }
}
