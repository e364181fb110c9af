package dev.augment.example.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.example.contract.Request;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

  private static RequestDispatcher.Answer answer(String body) {
    return new RequestDispatcher.Answer(200, body, "p@1.0.0");
  }

  private static String key(String target) {
    return Request.parse(target).target();
  }

  @Test
  void encodedSeparatorsPercentAndNonAsciiMakeDistinctKeys() {
    AnswerCache cache = new AnswerCache(100, 1 << 20);
    String[] targets = {
      "/hello?name=a%26since%3D1.0.0",
      "/hello?name=a&since=1.0.0",
      "/hello?name=100%25",
      "/hello?name=100%2525",
      "/hello?name=%C3%A9t%C3%A9",
      "/hello?name=ete",
      "/hello?name%3Dx=y",
      "/hello?name=x%3Dy",
    };
    for (String t : targets) {
      cache.put(key(t), answer(t), "p", 1);
    }
    assertEquals(targets.length, cache.size());
    for (String t : targets) {
      assertEquals(Optional.of(answer(t)), cache.get(key(t), 1), t);
    }
    assertNotEquals(key("/hello?name=a%26since%3D1.0.0"), key("/hello?name=a&since=1.0.0"));
    assertEquals(key("/hello?b=2&a=1"), key("/hello?a=1&b=2"), "the same request, one key");
    assertEquals(key("/hello?name=été"), key("/hello?name=%C3%A9t%C3%A9"));
  }

  @Test
  void theLeastRecentlyUsedAnswerGoesFirstWhenEntriesRunOut() {
    AnswerCache cache = new AnswerCache(3, 1 << 20);
    cache.put("/a", answer("a"), "p", 1);
    cache.put("/b", answer("b"), "p", 1);
    cache.put("/c", answer("c"), "p", 1);
    cache.get("/a", 1);
    cache.put("/d", answer("d"), "p", 1);
    assertEquals(3, cache.size());
    assertTrue(cache.get("/b", 1).isEmpty(), "the least recently used went");
    assertTrue(cache.get("/a", 1).isPresent());
    assertTrue(cache.get("/d", 1).isPresent());
  }

  @Test
  void theByteLimitHoldsAndAnOversizedAnswerIsNotCached() {
    AnswerCache cache = new AnswerCache(1000, 2_000);
    for (int i = 0; i < 100; i++) {
      cache.put("/k" + i, answer("x".repeat(200)), "p", 1);
      assertTrue(cache.bytes() <= 2_000, "bytes " + cache.bytes());
    }
    assertTrue(cache.size() < 10, "size " + cache.size());
    cache.put("/big", answer("x".repeat(5_000)), "p", 1);
    assertTrue(cache.get("/big", 1).isEmpty());
  }

  @Test
  void clearingAPluginForgetsOnlyItsAnswersAndAnotherOwnerMisses() {
    AnswerCache cache = new AnswerCache(100, 1 << 20);
    cache.put("/a", answer("a"), "alpha", 1);
    cache.put("/b", answer("b"), "beta", 2);
    cache.clearPlugin("alpha");
    assertTrue(cache.get("/a", 1).isEmpty());
    assertTrue(cache.get("/b", 2).isPresent());
    assertTrue(cache.get("/b", 3).isEmpty(), "a route that now answers /b is another owner");
    assertEquals(0, cache.size());
    assertEquals(0, cache.bytes());
  }
}
