package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import dev.augment.core.WatchStatus;
import dev.augment.core.internal.Fatal;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches plugin folders and calls back once a burst of changes has settled, and never dies of a
 * folder.
 *
 * <p>Every folder and every folder below it (to a depth of 8) is watched. After a change the
 * watcher waits until no new change has come for the quiet period, but never longer than the
 * maximum wait after the first change of the burst; then, within the same deadline, for the zips to
 * settle ({@link ZipSettling}); then it calls back once for the whole burst. So under steady churn
 * it still calls back at least once per maximum wait (plus the callback's own time).
 *
 * <p>Errors: a folder that cannot be listed or registered is logged with its path and the reason
 * and skipped; the rest is watched. A folder that is deleted, recreated or swapped by a rename is
 * registered again when its parent reports it. A root folder that disappears is polled (every poll
 * interval) until it returns; then its tree is registered and a reload called for. A root whose
 * identity changed (renamed away and replaced) is noticed by the same poll. A callback that throws
 * is logged and watching goes on. Only a closed watch service or a fatal error ({@link Fatal}) ends
 * the thread, and {@link #status()} then says {@link WatchStatus.State#STOPPED} with the reason.
 */
@Api.Internal
public final class FolderWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);
  private static final int DEPTH = 8;

  /**
   * How the watcher times its callbacks.
   *
   * @param quiet how long the folders must be quiet before a callback
   * @param maxWait the longest time from the first change of a burst to its callback
   * @param poll how often missing root folders, and the identity of present ones, are checked
   */
  public record Settings(Duration quiet, Duration maxWait, Duration poll) {}

  /** Registers one directory with the watch service; a seam for tests that inject failures. */
  @FunctionalInterface
  public interface Registrar {
    /**
     * Registers a directory.
     *
     * @param dir the directory
     * @param service the watch service
     * @return its key
     * @throws IOException if it cannot be registered
     */
    WatchKey register(Path dir, WatchService service) throws IOException;
  }

  /** The default registrar: creations, deletions and modifications. */
  public static final Registrar DEFAULT_REGISTRAR =
      (dir, service) ->
          dir.register(
              service,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_DELETE,
              StandardWatchEventKinds.ENTRY_MODIFY);

  private final List<Path> roots;
  private final Settings settings;
  private final Runnable onChange;
  private final Registrar registrar;
  private final WatchService service;
  private final Map<WatchKey, Path> keys = new HashMap<>();

  /** Each root's file key when last registered; absent while the root is missing. */
  private final Map<Path, Optional<Object>> rootIds = new HashMap<>();

  private final ZipSettling zips = new ZipSettling();
  private final Thread thread;
  private volatile boolean closed;
  private boolean overflowed;
  private volatile WatchStatus status;

  /**
   * Starts watching with a maximum wait of at least one second (and at least the debounce) and a
   * poll interval of one second; what {@code augment.tools}' repacker uses.
   *
   * @param folders the folders
   * @param debounce the quiet period
   * @param onChange what to do after a burst of changes
   * @throws IOException if the file system offers no watch service
   */
  public FolderWatcher(List<Path> folders, Duration debounce, Runnable onChange)
      throws IOException {
    this(
        folders,
        new Settings(
            debounce,
            debounce.compareTo(Duration.ofSeconds(1)) > 0 ? debounce : Duration.ofSeconds(1),
            Duration.ofSeconds(1)),
        onChange,
        DEFAULT_REGISTRAR);
  }

  /**
   * Starts watching. Folders that are missing or cannot be read do not stop it: they are logged and
   * watched once they can be.
   *
   * @param folders the plugin folders
   * @param settings quiet period, maximum wait and poll interval
   * @param onChange what to do after a burst of changes
   * @param registrar how directories are registered
   * @throws IOException if the file system offers no watch service
   */
  public FolderWatcher(
      List<Path> folders, Settings settings, Runnable onChange, Registrar registrar)
      throws IOException {
    this.roots = folders.stream().map(Source::normalize).distinct().toList();
    this.settings = settings;
    this.onChange = onChange;
    this.registrar = registrar;
    // The folders' own file system: the default one, or another provider's (Jimfs in tests).
    this.service =
        (roots.isEmpty() ? FileSystems.getDefault() : roots.get(0).getFileSystem())
            .newWatchService();
    this.status = new WatchStatus(WatchStatus.State.WATCHING, List.of(), Optional.empty(), none());
    synchronized (this) {
      for (Path root : roots) {
        rootIds.put(root, Optional.empty());
        if (!checkRoot(root)) {
          LOG.warn(
              "Plugin folder {} does not exist; checking for it every {} ms",
              root,
              settings.poll().toMillis());
        }
      }
      publish(status.problem());
    }
    this.thread = new Thread(this::run, "augment-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private static Optional<Instant> none() {
    return Optional.empty();
  }

  /**
   * Returns what the watcher is doing now.
   *
   * @return the status
   */
  public WatchStatus status() {
    return status;
  }

  private void run() {
    try {
      while (!closed) {
        try {
          cycle();
        } catch (InterruptedException | ClosedWatchServiceException e) {
          throw e;
        } catch (Throwable e) {
          // Everything but the JVM's own trouble is contained: a linkage error or an assertion
          // thrown by a reload is as much a reload's failure as an exception.
          if (Fatal.isFatal(e)) {
            throw (VirtualMachineError) e;
          }
          problem("Watching " + roots + " met a problem and carries on: " + e);
          LOG.warn("Watching {} met a problem and carries on", roots, e);
          Thread.sleep(settings.poll().toMillis());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      if (!closed) {
        stop("the watch service closed: " + e);
      }
    } catch (Throwable t) {
      stop("the watch thread failed: " + t);
      LOG.error("Watching {} stopped; call watch() again to restart it", roots, t);
      Fatal.rethrowIfFatal(t);
    }
    if (closed) {
      status = WatchStatus.off();
      LOG.debug("Stopped watching {}", roots);
    }
  }

  /** Waits for a change (or a poll), debounces the burst, lets zips settle, calls back. */
  private void cycle() throws IOException, InterruptedException {
    WatchKey first = service.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
    boolean changed = checkRoots();
    if (first == null && !changed) {
      return;
    }
    long deadline = System.nanoTime() + settings.maxWait().toNanos();
    if (first != null) {
      absorb(first);
    }
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      WatchKey next =
          service.poll(Math.min(settings.quiet().toMillis(), left), TimeUnit.MILLISECONDS);
      if (next == null) {
        break;
      }
      absorb(next);
    }
    checkRoots();
    zips.await(presentRoots(), settings.quiet(), deadline);
    status =
        new WatchStatus(
            WatchStatus.State.WATCHING,
            status.missing(),
            status.problem(),
            Optional.of(Instant.now()));
    try {
      onChange.run();
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      problem("Reloading after a change in " + roots + " failed: " + e);
      LOG.warn("Reloading after a change in {} failed", roots, e);
    }
  }

  private synchronized List<Path> presentRoots() {
    return roots.stream().filter(r -> rootIds.get(r).isPresent()).toList();
  }

  /** Takes one key's events: re-registers new folders, forgets deleted ones. */
  private synchronized void absorb(WatchKey key) {
    Path dir = keys.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        LOG.debug("Watch events overflowed; registering every folder again");
        overflowed = true;
        continue;
      }
      if (dir == null || !(event.context() instanceof Path name)) {
        continue;
      }
      Path changed = dir.resolve(name);
      if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
        forget(changed);
      } else if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
          && Files.isDirectory(changed, LinkOption.NOFOLLOW_LINKS)) {
        // A folder created, or swapped in by a rename: watch it, and anything already inside.
        forget(changed);
        registerTree(changed, depthBelowRoot(changed));
      }
    }
    if (!key.reset()) {
      keys.remove(key);
      if (dir != null && roots.contains(dir)) {
        checkRoot(dir);
      } else if (dir != null && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        registerTree(dir, depthBelowRoot(dir));
      }
    }
  }

  private int depthBelowRoot(Path dir) {
    return roots.stream()
        .filter(dir::startsWith)
        .mapToInt(r -> r.relativize(dir).getNameCount())
        .min()
        .orElse(DEPTH);
  }

  /** Cancels the keys of a folder and everything below it. */
  private void forget(Path gone) {
    keys.entrySet()
        .removeIf(
            e -> {
              if (e.getValue().startsWith(gone) && !roots.contains(e.getValue())) {
                e.getKey().cancel();
                return true;
              }
              return false;
            });
  }

  /** Checks every root: one that vanished is polled for, one that came back or changed is reset. */
  private synchronized boolean checkRoots() {
    boolean changed = false;
    for (Path root : roots) {
      if (overflowed) {
        rootIds.put(root, Optional.empty());
      }
      changed |= checkRoot(root);
    }
    overflowed = false;
    publish(status.problem());
    return changed;
  }

  /**
   * Checks one root against its last known identity.
   *
   * @return {@code true} when it vanished, came back or was replaced: a reload is due
   */
  private boolean checkRoot(Path root) {
    Optional<Object> now = fileKey(root);
    Optional<Object> before = rootIds.get(root);
    if (now.isPresent() && now.equals(before)) {
      return false;
    }
    keys.entrySet().removeIf(e -> e.getValue().startsWith(root) && cancel(e.getKey()));
    rootIds.put(root, now);
    if (now.isEmpty()) {
      if (before.isPresent()) {
        LOG.warn(
            "Plugin folder {} is gone or not a folder; checking for it every {} ms",
            root,
            settings.poll().toMillis());
      }
      return before.isPresent();
    }
    if (before.isEmpty() && status.missing().contains(root)) {
      LOG.info("Plugin folder {} is back; watching it again", root);
    }
    registerTree(root, 0);
    return true;
  }

  private static boolean cancel(WatchKey key) {
    key.cancel();
    return true;
  }

  private static Optional<Object> fileKey(Path dir) {
    try {
      BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
      return a.isDirectory()
          ? Optional.of(Objects.requireNonNullElse(a.fileKey(), dir))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Registers a folder and the folders below it, each on its own: one that cannot be read or
   * vanishes meanwhile is logged and skipped, never ends the walk. Links are not followed.
   */
  private void registerTree(Path dir, int depth) {
    try {
      keys.put(registrar.register(dir, service), dir);
    } catch (ClosedWatchServiceException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      problem("Cannot watch folder " + dir + ": " + e);
      LOG.warn("Cannot watch folder {}: {}", dir, e.toString());
      return;
    }
    if (depth >= DEPTH) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          children.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      problem("Cannot list folder " + dir + ": " + e);
      LOG.warn("Cannot list folder {}; its sub-folders are not watched: {}", dir, e.toString());
    }
    for (Path child : children) {
      registerTree(child, depth + 1);
    }
  }

  private void problem(String what) {
    status =
        new WatchStatus(status.state(), status.missing(), Optional.of(what), status.lastChange());
  }

  private void publish(Optional<String> problem) {
    List<Path> missing = roots.stream().filter(r -> rootIds.get(r).isEmpty()).toList();
    status = new WatchStatus(status.state(), missing, problem, status.lastChange());
  }

  private void stop(String why) {
    status =
        new WatchStatus(
            WatchStatus.State.STOPPED, status.missing(), Optional.of(why), status.lastChange());
  }

  /** Stops watching. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("Closing the watch service failed", e);
    }
    status = WatchStatus.off();
  }
}
