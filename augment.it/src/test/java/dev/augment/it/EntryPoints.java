package dev.augment.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.augment.core.PluginFailure;
import dev.augment.fixtures.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the table tests share to judge one folder of plugins by every entry point: the comparison of
 * verdicts and {@code augment list --json}, run in-process through its {@link ToolProvider}.
 */
final class EntryPoints {

  private EntryPoints() {}

  /** A standalone load's or the verifier's failure says exactly what the host's does. */
  static void assertSame(PluginFailure expected, PluginFailure actual) {
    assertEquals(expected.rule(), actual.rule(), actual.message());
    assertEquals(expected.message(), actual.message());
    assertEquals(expected.file(), actual.file());
  }

  /** Among {@code found} is one with the rule and the words of {@code expected}. */
  static void assertContains(List<PluginFailure> found, PluginFailure expected) {
    if (found.stream()
        .noneMatch(f -> f.rule() == expected.rule() && f.message().equals(expected.message()))) {
      fail(
          "expected "
              + expected.message()
              + " among "
              + found.stream().map(PluginFailure::message).toList());
    }
  }

  /** {@code augment list --json} over {@code plugins}, by the plugins' file names. */
  static Map<String, JsonNode> list(Path hostFile, Path plugins) {
    JsonNode listed =
        json(
            "list",
            "--json",
            "--host",
            hostFile.toString(),
            "-p",
            Fixtures.contractJar().toString(),
            "--plugins",
            plugins.toString());
    Map<String, JsonNode> byFile = new LinkedHashMap<>();
    listed.forEach(
        n -> byFile.put(Path.of(n.get("plugin").asString()).getFileName().toString(), n));
    return byFile;
  }

  /** {@code list}'s entry of one plugin names the host's rule with the host's words. */
  static void assertListed(JsonNode n, PluginFailure expected, String file) {
    assertTrue(!n.get("loads").asBoolean(), file + " is skipped");
    boolean found = false;
    for (JsonNode p : n.get("problems")) {
      found |=
          p.get("rule").asString().equals(expected.rule().code())
              && p.get("message").asString().equals(expected.message());
    }
    assertTrue(found, file + ": " + n + " lacks " + expected.message());
  }

  static JsonNode json(String... args) {
    ToolProvider augment = ToolProvider.findFirst("augment").orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = augment.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertTrue(code == 0 || code == 1, "exit " + code + ": " + err);
    return JsonMapper.builder().build().readTree(out.toString());
  }

  /** The file name of the plugin a host failure is about, from the path it reports. */
  static String fileOf(Path plugins, PluginFailure f) {
    Path file = f.file();
    while (file.getParent() != null && !file.getParent().equals(plugins)) {
      file = file.getParent();
    }
    return file.getFileName().toString();
  }
}
