package dev.augment.cli;

import dev.augment.core.PluginFailure;
import dev.augment.tools.Inspection;
import dev.augment.tools.VerifyReport;
import java.util.Collection;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes the command line's results as JSON, field by field, so the format is stable. */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static ObjectNode report(VerifyReport r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("plugin", r.plugin().toString());
    r.manifest()
        .ifPresent(
            m -> {
              n.put("name", m.name());
              n.put("version", m.version().toString());
            });
    n.put("ok", r.ok());
    ArrayNode problems = n.putArray("problems");
    for (PluginFailure p : r.problems()) {
      ObjectNode o = problems.addObject();
      o.put("rule", p.rule().code());
      o.put("file", p.file().toString());
      o.put("message", p.message());
      RuleFixes.fix(p.rule()).ifPresent(fix -> o.put("fix", fix));
      o.put("docs", "docs/rules.md#" + p.rule().code());
    }
    DependencyLines.json(n, r);
    return n;
  }

  static ObjectNode inspection(Inspection i) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("plugin", i.plugin().toString());
    n.put("name", i.manifest().name());
    n.put("version", i.manifest().version().toString());
    n.put("entryPoint", i.manifest().entryPoint());
    n.set("meta", MAPPER.valueToTree(i.manifest().meta()));
    strings(n.putArray("capabilities"), i.capabilities());
    ArrayNode modules = n.putArray("modules");
    for (Inspection.ModuleInfo m : i.modules()) {
      ObjectNode o = modules.addObject();
      o.put("name", m.name());
      o.put("version", m.version());
      o.put("automatic", m.automatic());
      o.put("jar", m.jar());
      strings(o.putArray("requires"), m.requires());
      strings(o.putArray("provides"), m.provides());
    }
    strings(n.putArray("requiredModules"), i.requiredModules().stream().sorted().toList());
    strings(n.putArray("referencedModules"), i.referencedModules().stream().sorted().toList());
    return n;
  }

  static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }

  static String print(Object node) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }
}
