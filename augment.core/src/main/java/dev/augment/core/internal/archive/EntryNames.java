package dev.augment.core.internal.archive;

import dev.augment.api.Api;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a zip entry's name the same way on every platform, before it becomes a path.
 *
 * <p>A name that is harmless on Linux can escape or collide on Windows: a backslash is a separator
 * there ({@code ..\\..\\x}), {@code C:} starts an absolute path, {@code :} opens an alternate data
 * stream, a trailing dot or space is silently dropped, and {@code con}, {@code nul}, {@code aux},
 * {@code com1} ... name devices in every folder. A plugin must load, or be refused, alike on every
 * host, so each of these is refused everywhere, and so are control characters, which no file system
 * needs and logs must not carry. Traversal ({@code ..}) and absolute names are judged after this,
 * on the resolved path.
 */
@Api.Internal
public final class EntryNames {

  private static final Set<String> RESERVED =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private EntryNames() {}

  /**
   * Tells what is wrong with an entry name, if anything.
   *
   * @param name the entry's name, as the zip stores it
   * @return why it is refused, or empty when it is portable
   */
  public static Optional<String> problem(String name) {
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("holds a control character");
    }
    if (name.indexOf('\\') >= 0) {
      return Optional.of("holds a backslash, a path separator on Windows; use '/'");
    }
    if (name.indexOf(':') >= 0) {
      return Optional.of("holds ':', a drive letter or data stream on Windows");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        continue;
      }
      if (segment.endsWith(".") || segment.endsWith(" ")) {
        return Optional.of("has a name ending in '.' or ' ', which Windows drops");
      }
      String base = segment.toLowerCase(Locale.ROOT);
      int dot = base.indexOf('.');
      if (RESERVED.contains(dot < 0 ? base : base.substring(0, dot))) {
        return Optional.of("names '" + segment + "', a device on Windows");
      }
    }
    return Optional.empty();
  }
}
