package dev.augment.example.host;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The host's answer cache: bounded in entries and in bytes, least recently used first out, and
 * cleared per plugin.
 *
 * <p>Keys are canonical request targets ({@link dev.augment.example.contract.Request#target()}: the
 * path, then the query parameters sorted by name, names and values URL-encoded), so {@code
 * ?name=a%26since%3D1.0.0} and {@code ?name=a&since=1.0.0} are two keys. Each entry remembers the
 * plugin that answered and the identity of the route it came from ({@code owner}): a lookup whose
 * route is now another one misses, so an answer never outlives the plugin version that gave it,
 * whatever the order of reloads and requests. {@link #clearPlugin} frees a plugin's entries when
 * its events say it changed.
 *
 * @implNote Hand-written rather than Caffeine: about 60 lines over an access-ordered {@link
 *     LinkedHashMap} under one lock, which at the demo's rates (tens of thousands of lookups per
 *     second on two cores) is not contended enough to matter, and which keeps one more module (and
 *     ~900 KB) out of the runtime image. A host with heavier traffic should use Caffeine, which has
 *     a module descriptor.
 */
final class AnswerCache {

  /** A bookkeeping estimate per entry beyond its strings: map node, record, headers. */
  private static final long ENTRY_OVERHEAD = 128;

  private record Entry(RequestDispatcher.Answer answer, String plugin, long owner, long bytes) {}

  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  /**
   * Creates an empty cache.
   *
   * @param maxEntries at most this many answers, 0 to cache nothing
   * @param maxBytes at most about this many bytes of keys and answers (two bytes a char)
   */
  AnswerCache(int maxEntries, long maxBytes) {
    if (maxEntries < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("cache limits must not be negative");
    }
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * Returns the cached answer for a key, if the route that gave it is still {@code owner}.
   *
   * @param key the canonical target
   * @param owner the identity of the route that answers the key's path now
   * @return the answer, or empty
   */
  synchronized Optional<RequestDispatcher.Answer> get(String key, long owner) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.owner() != owner) {
      remove(key);
      return Optional.empty();
    }
    return Optional.of(e.answer());
  }

  /**
   * Caches an answer, evicting the least recently used ones beyond the limits; an answer larger
   * than the byte limit is not cached.
   *
   * @param key the canonical target
   * @param answer the answer
   * @param plugin the plugin that gave it, or {@code host}
   * @param owner the identity of the route that gave it
   */
  synchronized void put(String key, RequestDispatcher.Answer answer, String plugin, long owner) {
    long size =
        ENTRY_OVERHEAD + 2L * (key.length() + answer.body().length() + answer.by().length());
    if (maxEntries == 0 || size > maxBytes) {
      return;
    }
    Entry old = entries.put(key, new Entry(answer, plugin, owner, size));
    bytes += size - (old == null ? 0 : old.bytes());
    Iterator<Entry> eldest = entries.values().iterator();
    while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
      bytes -= eldest.next().bytes();
      eldest.remove();
    }
  }

  /**
   * Forgets the answers one plugin gave.
   *
   * @param plugin the plugin's name
   */
  synchronized void clearPlugin(String plugin) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry e = it.next().getValue();
      if (e.plugin().equals(plugin)) {
        bytes -= e.bytes();
        it.remove();
      }
    }
  }

  /** Forgets every answer. */
  synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  /**
   * Returns how many answers are cached.
   *
   * @return the count
   */
  synchronized int size() {
    return entries.size();
  }

  /**
   * Returns the estimated bytes the cached keys and answers take.
   *
   * @return the estimate
   */
  synchronized long bytes() {
    return bytes;
  }

  private void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      bytes -= e.bytes();
    }
  }
}
