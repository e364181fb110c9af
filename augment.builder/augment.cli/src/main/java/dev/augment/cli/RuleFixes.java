package dev.augment.cli;

import dev.augment.core.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each rule's fix, as {@code docs/rules.md} states it: the build copies that page into this module,
 * so the fix text has one home and the command line never restates it.
 *
 * <p>A rule's section is {@code ## `code`}; its fix is the text from {@code **Fix.**} to the next
 * section, with Markdown links reduced to their text and lines joined.
 */
final class RuleFixes {

  private static final Map<Rule, String> FIXES = load();

  private RuleFixes() {}

  static Optional<String> fix(Rule rule) {
    return Optional.ofNullable(FIXES.get(rule));
  }

  private static Map<Rule, String> load() {
    Map<Rule, String> fixes = new EnumMap<>(Rule.class);
    String page;
    try (InputStream in = RuleFixes.class.getResourceAsStream("rules.md")) {
      if (in == null) {
        return fixes;
      }
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Rule rule : Rule.values()) {
      int section = page.indexOf("\n## `" + rule.code() + "`\n");
      if (section < 0) {
        continue;
      }
      int end = page.indexOf("\n## ", section + 1);
      String body = page.substring(section, end < 0 ? page.length() : end);
      int fix = body.indexOf("**Fix.**");
      if (fix >= 0) {
        fixes.put(rule, plain(body.substring(fix + "**Fix.**".length())));
      }
    }
    return fixes;
  }

  /** Markdown to one line of text: links to their text, whitespace runs to one space. */
  static String plain(String markdown) {
    return markdown
        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("```[a-z]*", "")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
