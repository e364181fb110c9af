package dev.augment.core.internal;

import dev.augment.api.Api;

/**
 * Makes text that came from a plugin safe to print: the one place that decides how control
 * characters are written.
 *
 * <p>A manifest field, a zip entry name or a file name can hold a newline, a carriage return, NUL
 * or an ANSI escape; printed raw, it forges or hides log lines and repaints terminals. Such
 * characters are written as Java escapes ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}), and
 * a backslash that could start one is left alone, because an escape is already unambiguous for a
 * reader of a log.
 */
@Api.Internal
public final class Text {

  private Text() {}

  /**
   * Escapes the control characters of {@code text}; other characters are kept.
   *
   * @param text any text, possibly from a plugin
   * @return the text with every ISO control character, and the Unicode line and paragraph
   *     separators, written as an escape
   */
  public static String printable(String text) {
    if (text.codePoints().noneMatch(Text::isControl)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                  if (isControl(c)) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.toString();
  }

  private static boolean isControl(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
