package dev.augment.cli;

import dev.augment.core.PluginDependency;
import dev.augment.tools.DependencyLink;
import dev.augment.tools.VerifyReport;
import java.io.PrintWriter;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dependency graph in the command line's output: one line per declared dependency with what a
 * host would build on, and who builds on the plugin; the same in JSON.
 */
final class DependencyLines {

  private DependencyLines() {}

  /** Prints {@code depends on NAME RANGE: WHAT} per dependency, then {@code used by ...}. */
  static void print(PrintWriter out, VerifyReport r) {
    for (DependencyLink l : r.dependencies()) {
      out.println("  depends on " + declared(l.declared()) + ": " + outcome(l));
    }
    if (!r.dependents().isEmpty()) {
      out.println("  used by " + String.join(", ", r.dependents()));
    }
    if (!r.dependenciesChecked()) {
      out.println(
          "  note: dependencies were checked for syntax only; pass --plugins DIR to check them"
              + " against the plugin folder this plugin goes in");
    }
  }

  private static String declared(PluginDependency d) {
    return d.name() + " " + d.range() + (d.optional() ? " (optional)" : "");
  }

  private static String outcome(DependencyLink l) {
    String found = l.found().map(m -> m.coordinates()).orElse("");
    String without = l.declared().optional() ? "; optional, it loads without it" : "";
    return switch (l.state()) {
      case RESOLVED -> found;
      case MISSING -> "missing";
      case ABSENT -> "absent; optional, it loads without it";
      case OUT_OF_RANGE -> found + ", out of range";
      case REFUSED -> found + ", refused" + without;
      case UNCHECKED -> "not checked";
    };
  }

  /** Adds {@code dependencies}, {@code dependenciesChecked} and {@code dependents}. */
  static void json(ObjectNode n, VerifyReport r) {
    ArrayNode deps = n.putArray("dependencies");
    for (DependencyLink l : r.dependencies()) {
      ObjectNode o = deps.addObject();
      o.put("name", l.declared().name());
      o.put("range", l.declared().range().toString());
      o.put("optional", l.declared().optional());
      o.put("state", l.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      l.found().ifPresent(m -> o.put("found", m.version().toString()));
      l.resolvedVersion().ifPresent(v -> o.put("resolved", v));
    }
    n.put("dependenciesChecked", r.dependenciesChecked());
    Json.strings(n.putArray("dependents"), r.dependents());
  }
}
