package dev.augment.core.internal.manifest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads JSON into plain, unmodifiable Java values with Jackson's streaming parser.
 *
 * <p>Objects become {@code Map<String, Object>} in document order, arrays {@code List<Object>},
 * strings {@code String}, integers {@code Integer}, {@code Long} or {@code BigInteger}, other
 * numbers {@code BigDecimal} (so {@code 1e400} reaches a host as written, not as Infinity),
 * booleans {@code Boolean} and {@code null} {@code null}. A duplicate property name is an error.
 *
 * <p>Why not Jackson's data binding: a manifest is a few hundred bytes, and setting up a {@code
 * JsonMapper} loads some 400 classes, which cost a cold JVM 0.4-0.8 s on this project's 2-core
 * machines before the first plugin could load. The streaming parser loads a quarter of that, and
 * the checks in {@link ManifestReader} are written by hand anyway, to name each field and rule.
 */
final class JsonTree {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonTree() {}

  /** JSON that does not parse, with where it stopped. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String where;

    SyntaxException(String reason, String where, Throwable cause) {
      super(reason + where, cause);
      this.reason = reason;
      this.where = where;
    }

    /** Why the JSON does not parse, in the parser's words. */
    String reason() {
      return reason;
    }

    /** Where: {@code " at line 3, column 14"}, or empty text when the parser does not know. */
    String where() {
      return where;
    }
  }

  /**
   * Parses one JSON value.
   *
   * @param bytes the document
   * @return the value, or {@code null} for an empty document or JSON {@code null}
   * @throws SyntaxException if the bytes are not one JSON value; the message says why and names the
   *     line and column
   */
  static Object parse(byte[] bytes) throws SyntaxException {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Object value = value(p, first);
      if (p.nextToken() != null) {
        throw new SyntaxException(
            "more content after the JSON value", where(p.currentTokenLocation()), null);
      }
      return value;
    } catch (JacksonException e) {
      throw new SyntaxException(e.getOriginalMessage(), where(e.getLocation()), e);
    }
  }

  private static Object value(JsonParser p, JsonToken token) {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
          map.put(name, value(p, p.nextToken()));
        }
        return Collections.unmodifiableMap(map);
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(p, t));
        }
        return Collections.unmodifiableList(list);
      }
      case VALUE_STRING -> {
        return p.getString();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalStateException("unexpected JSON token " + token);
    }
  }

  /**
   * The kind of JSON value, in the words a message uses: object, array, string, number, boolean,
   * null.
   *
   * @param value a value returned by {@link #parse}
   * @return its kind
   */
  static String kind(Object value) {
    if (value instanceof Map) {
      return "object";
    }
    if (value instanceof List) {
      return "array";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return "null";
  }

  /** {@code " at line 3, column 14"}, or empty text when the parser does not know. */
  static String where(TokenStreamLocation at) {
    if (at == null || at.getLineNr() < 1) {
      return "";
    }
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }
}
