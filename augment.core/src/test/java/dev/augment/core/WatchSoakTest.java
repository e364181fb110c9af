package dev.augment.core;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.host.PluginHost;
import dev.augment.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch mode under churn: 5 changes a second for {@code augment.watch.soak} (an ISO-8601 duration,
 * for example {@code PT10M}), outside the default test run.
 *
 * <pre>
 * ./mvnw -B -pl augment.core -am verify -Djacoco.skip=true -Dtest=WatchSoakTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Daugment.watch.soak=PT10M
 * </pre>
 *
 * <p>It checks that the watcher calls for a reload at least once every 2 seconds while the churn
 * lasts, with the default debounce (300 ms) and maximum wait (1 s), and that once the churn stops
 * and the retention (5 s here) has passed, the cache holds only the loaded plugin's copy.
 */
@EnabledIfSystemProperty(named = "augment.watch.soak", matches = ".+")
class WatchSoakTest {

  private static final Duration RETENTION = Duration.ofSeconds(5);

  @TempDir Path tmp;

  @Test
  void aWatchedHostUnderChurnReloadsEveryTwoSecondsAndItsCacheStaysSmall() throws Exception {
    Duration length = Duration.parse(System.getProperty("augment.watch.soak"));
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    List<Path> versions = new ArrayList<>();
    for (int v = 1; v <= 4; v++) {
      String version = v + ".0.0";
      Path dir =
          pluginDir(
              tmp.resolve("src-" + v),
              manifest("soak", version, "fixture.soak"),
              greeterJar("fixture.soak")
                  .version(version)
                  .body("return \"soak@" + version + "\";")
                  .writeTo(tmp.resolve("jar-" + v)));
      versions.add(Fixtures.zip(dir, tmp.resolve("soak-" + v + ".zip")));
    }
    List<Instant> calls = new ArrayList<>();
    long changes = 0;
    try (PluginHost<Object> host =
        TestHosts.builder(tmp, plugins).cacheRetention(RETENTION).build()) {
      host.watch();
      Instant end = Instant.now().plus(length);
      Instant nextChange = Instant.now();
      Optional<Instant> seen = Optional.empty();
      long maxEntries = 0;
      while (Instant.now().isBefore(end)) {
        if (!Instant.now().isBefore(nextChange)) {
          Path partial = plugins.resolve(".soak.partial");
          Files.copy(
              versions.get((int) (changes % 4)), partial, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              partial,
              plugins.resolve("soak.zip"),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          changes++;
          nextChange = nextChange.plusMillis(200);
        }
        Optional<Instant> last = host.watching().lastChange();
        if (last.isPresent() && !last.equals(seen)) {
          calls.add(last.get());
          seen = last;
        }
        if (changes % 25 == 0) {
          maxEntries = Math.max(maxEntries, host.cache().entries());
        }
        Thread.sleep(10);
      }
      Duration maxGap = Duration.ZERO;
      for (int i = 1; i < calls.size(); i++) {
        Duration gap = Duration.between(calls.get(i - 1), calls.get(i));
        maxGap = gap.compareTo(maxGap) > 0 ? gap : maxGap;
      }
      CacheStats atEnd = host.cache();
      long settle = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      CacheStats after = host.cache();
      while (after.entries() > host.getAll().size() && System.nanoTime() < settle) {
        System.gc();
        Thread.sleep(RETENTION.toMillis());
        host.reload();
        after = host.cache();
      }
      System.out.printf(
          "watch soak: %s, %d changes, %d reloads, longest gap between reloads %d ms,"
              + " most cache entries seen %d, at the end of the churn %d entries (%d KiB),"
              + " after the retention %d entries (%d KiB) for %d loaded plugin(s), %s%n",
          length,
          changes,
          calls.size(),
          maxGap.toMillis(),
          maxEntries,
          atEnd.entries(),
          atEnd.bytes() / 1024,
          after.entries(),
          after.bytes() / 1024,
          host.getAll().size(),
          host.watching());
      assertTrue(
          maxGap.compareTo(Duration.ofSeconds(2)) <= 0, "longest gap " + maxGap.toMillis() + " ms");
      assertTrue(calls.size() >= length.toSeconds() / 2, calls.size() + " reloads");
      assertEquals(host.getAll().size(), after.entries(), "only the loaded copy is left");
      assertEquals(WatchStatus.State.WATCHING, host.watching().state());
    }
  }
}
