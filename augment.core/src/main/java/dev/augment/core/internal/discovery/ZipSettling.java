package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, within a deadline, until the plugin zips of a burst of changes have stopped changing.
 *
 * <p>A zip is settled once its size and time stamp stayed the same for one quiet period and it
 * opens as a zip; one that stayed the same for three quiet periods and does not open is broken, not
 * being written, and is settled too (the reload reports it). A zip already settled in that state is
 * not looked at again. A zip still changing at the deadline is reported once and not waited for in
 * later bursts until it has been seen settled: one file that never settles delays no reload after
 * its first. Only regular files named {@code *.zip} are ever opened ({@link Source#kindOf}).
 */
@Api.Internal
final class ZipSettling {

  private static final Logger LOG = LoggerFactory.getLogger(ZipSettling.class);
  private static final int BROKEN_AFTER_ROUNDS = 3;

  /** Zip states known settled (opens, or judged broken): not waited for again. */
  private final Map<Path, String> settled = new HashMap<>();

  /**
   * Zips reported as never settling, with the state last seen and when it was first seen: not
   * waited for until a burst finds them in a state they have kept for three quiet periods.
   */
  private final Map<Path, Seen> unsettled = new HashMap<>();

  private record Seen(String state, long since) {}

  /**
   * Waits until the zips in {@code folders} have settled, or until the deadline.
   *
   * @param folders the plugin folders
   * @param quiet how long a zip must stay the same
   * @param deadline {@link System#nanoTime()} after which nothing is waited for
   * @throws InterruptedException if the thread is interrupted
   */
  void await(List<Path> folders, Duration quiet, long deadline) throws InterruptedException {
    Map<Path, String> before = states(folders);
    Map<Path, Integer> stableRounds = new HashMap<>();
    Set<Path> pending = new HashSet<>();
    settled.keySet().retainAll(before.keySet());
    unsettled.keySet().retainAll(before.keySet());
    long start = System.nanoTime();
    long calm = quiet.toNanos() * BROKEN_AFTER_ROUNDS;
    before.forEach(
        (zip, state) -> {
          Seen reported = unsettled.get(zip);
          if (reported != null && !reported.state().equals(state)) {
            unsettled.put(zip, new Seen(state, start));
          } else if (reported != null && start - reported.since() < calm) {
            // Unchanged, but not for long enough to tell a pause from the end of the writing.
            return;
          } else if (!state.equals(settled.get(zip))) {
            unsettled.remove(zip);
            pending.add(zip);
          }
        });
    while (!pending.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        for (Path zip : pending) {
          if (unsettled.put(zip, new Seen(before.get(zip), System.nanoTime())) == null) {
            LOG.warn(
                "Plugin zip {} keeps changing; reloading without waiting for it (it is not waited"
                    + " for again until it settles)",
                zip);
          }
        }
        return;
      }
      Thread.sleep(Math.max(1, Math.min(quiet.toMillis(), left / 1_000_000)));
      Map<Path, String> now = states(folders);
      for (Path zip : List.copyOf(pending)) {
        String state = now.get(zip);
        if (state == null) {
          pending.remove(zip);
        } else if (!state.equals(before.get(zip))) {
          stableRounds.put(zip, 0);
        } else {
          int rounds = stableRounds.merge(zip, 1, Integer::sum);
          boolean opens = opens(zip);
          if (opens || rounds >= BROKEN_AFTER_ROUNDS) {
            pending.remove(zip);
            settled.put(zip, state);
          }
        }
      }
      before = now;
    }
  }

  private static Map<Path, String> states(List<Path> folders) {
    Map<Path, String> states = new HashMap<>();
    for (Path folder : folders) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          if (!entry.getFileName().toString().startsWith(".")
              && Source.kindOf(entry).filter(k -> k == Source.Kind.ZIP).isPresent()) {
            state(entry).ifPresent(s -> states.put(entry, s));
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("Cannot list {} while waiting for zips to settle: {}", folder, e.toString());
      }
    }
    return states;
  }

  private static Optional<String> state(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return Optional.of(a.size() + "@" + a.lastModifiedTime().toMillis() + "#" + a.fileKey());
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  /** Opens a zip only if it is still a regular file: a FIFO or device is never opened. */
  private static boolean opens(Path zip) {
    if (!Files.isRegularFile(zip)) {
      return false;
    }
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return file.size() >= 0;
    } catch (IOException | RuntimeException notYet) {
      return false;
    }
  }
}
