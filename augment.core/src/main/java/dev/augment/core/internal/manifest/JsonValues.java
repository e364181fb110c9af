package dev.augment.core.internal.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Turns a Jackson tree into plain, unmodifiable Java values, so no Jackson type leaks out. */
final class JsonValues {

  private JsonValues() {}

  static Map<String, Object> objectToMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      map.put(e.getKey(), toJava(e.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  static Object toJava(JsonNode node) {
    if (node.isObject()) {
      return objectToMap(node);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode item : node) {
        list.add(toJava(item));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return null;
  }
}
