package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches plugin folders and calls back once a burst of changes has settled.
 *
 * <p>Every folder and every folder below it is watched. After a change the watcher waits until no
 * new change has come for the debounce period, then until every zip in the plugin folders is stable
 * (same size and time stamp over a debounce period) and opens as a zip, so a zip still being copied
 * is not loaded half-written; then it calls back once for the whole burst.
 */
@Api.Internal
public final class FolderWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
  private static final int MAX_STABILITY_ROUNDS = 120;

  private final List<Path> folders;
  private final Duration debounce;
  private final Runnable onChange;
  private final WatchService service;
  private final Thread thread;

  /**
   * Starts watching.
   *
   * @param folders the plugin folders
   * @param debounce how long changes must be quiet before the callback
   * @param onChange what to do after a burst of changes
   * @throws IOException if a folder cannot be watched
   */
  public FolderWatcher(List<Path> folders, Duration debounce, Runnable onChange)
      throws IOException {
    this.folders = List.copyOf(folders);
    this.debounce = debounce;
    this.onChange = onChange;
    this.service = FileSystems.getDefault().newWatchService();
    for (Path folder : folders) {
      registerTree(folder);
    }
    this.thread = new Thread(this::run, "augment-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void registerTree(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.walk(root, 8)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        dir.register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY);
      }
    }
  }

  private void run() {
    try {
      while (true) {
        WatchKey first = service.take();
        absorb(first);
        WatchKey next;
        while ((next = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          absorb(next);
        }
        awaitStableZips();
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.warn("Reloading after a change in {} failed", folders, e);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      LOG.debug("Stopped watching {}", folders);
    }
  }

  private void absorb(WatchKey key) {
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.context() instanceof Path name) {
        Path changed = dir.resolve(name);
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
          try {
            registerTree(changed);
          } catch (IOException e) {
            LOG.warn("Cannot watch new folder {}", changed, e);
          }
        }
      }
    }
    key.reset();
  }

  private void awaitStableZips() throws InterruptedException {
    Map<Path, String> before = zipStates();
    int stableRounds = 0;
    for (int round = 0; round < MAX_STABILITY_ROUNDS; round++) {
      Thread.sleep(debounce.toMillis());
      Map<Path, String> now = zipStates();
      stableRounds = now.equals(before) ? stableRounds + 1 : 0;
      // A zip that stopped changing but does not open is broken, not being written: reload, and
      // let the reload report it.
      if (stableRounds >= 3
          || stableRounds >= 1 && now.keySet().stream().allMatch(FolderWatcher::opens)) {
        return;
      }
      before = now;
    }
    LOG.warn("Plugin zips in {} keep changing; reloading anyway", folders);
  }

  private Map<Path, String> zipStates() {
    Map<Path, String> states = new HashMap<>();
    for (Path folder : folders) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            states.put(entry, state(entry));
          }
        }
      } catch (IOException e) {
        LOG.debug("Cannot list {}", folder, e);
      }
    }
    return states;
  }

  private static String state(Path file) {
    try {
      FileTime time = Files.getLastModifiedTime(file);
      return Files.size(file) + "@" + time.toMillis();
    } catch (IOException gone) {
      return "gone";
    }
  }

  private static boolean opens(Path zip) {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return Objects.nonNull(file.getName());
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Stops watching. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("Closing the watch service failed", e);
    }
  }
}
