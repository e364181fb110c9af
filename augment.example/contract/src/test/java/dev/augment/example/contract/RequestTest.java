package dev.augment.example.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTest {

  @Test
  void parseSplitsPathAndDecodesQuery() {
    Request request = Request.parse("/hello?name=J%C3%BCrgen+M&flag&name=ignored&=x");

    assertEquals("/hello", request.path());
    assertEquals(Map.of("name", "Jürgen M", "flag", "", "", "x"), request.query());
  }

  @Test
  void parseWithoutQueryHasNoParameters() {
    assertEquals(new Request("/health", Map.of()), Request.parse("/health"));
    assertEquals(Map.of(), Request.parse("/health?").query());
  }

  @Test
  void queryFallsBackToTheDefault() {
    Request request = Request.parse("/hello?name=world");

    assertEquals("world", request.query("name", "nobody"));
    assertEquals("nobody", request.query("missing", "nobody"));
  }

  @Test
  void targetIsThePathAndTheSortedQuery() {
    assertEquals("/shout?a=1&text=hi", Request.parse("/shout?text=hi&a=1").target());
    assertEquals("/health", Request.parse("/health").target());
  }

  @Test
  void pathMustStartWithSlash() {
    assertThrows(IllegalArgumentException.class, () -> Request.parse("hello"));
  }

  @Test
  void targetReEncodesSoThatEncodedSeparatorsStayValues() {
    Request poisoned = Request.parse("/hello?name=a%26since%3D1.0.0");
    Request two = Request.parse("/hello?name=a&since=1.0.0");
    assertEquals("/hello?name=a%26since%3D1.0.0", poisoned.target());
    assertEquals("/hello?name=a&since=1.0.0", two.target());
    assertEquals(poisoned, Request.parse(poisoned.target()));
    assertEquals(
        "/p?q=100%25+%C3%A9t%C3%A9", Request.parse("/p?q=100%25%20%C3%A9t%C3%A9").target());
    assertEquals("été", Request.parse(Request.parse("/p?q=%C3%A9t%C3%A9").target()).query("q", ""));
  }
}
