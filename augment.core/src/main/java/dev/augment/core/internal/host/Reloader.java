package dev.augment.core.internal.host;

import dev.augment.core.LeakReport;
import dev.augment.core.PluginEvent;
import dev.augment.core.PluginFailure;
import dev.augment.core.ReloadReport;
import dev.augment.core.Version;
import dev.augment.core.internal.lifecycle.UnloadTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reloads one at a time and applies their outcome: one atomic swap of the registry, then
 * activation of the new plugins, teardown of the dropped ones, unload tracking and notification.
 *
 * @param <T> the contract type
 */
public final class Reloader<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final List<Path> folders;
  private final LoadRun<T> loadRun;
  private final Registry<T> registry;
  private final Notifier notifier;
  private final Optional<UnloadTracker> tracker;
  private final Duration debounce;
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "augment-reload");
            t.setDaemon(true);
            return t;
          });
  private FolderWatcher watcher;
  private boolean closed;

  /**
   * Creates a reloader.
   *
   * @param folders the host's plugin folders
   * @param loadRun the load pass
   * @param registry the registry it swaps
   * @param notifier the listeners
   * @param unloadLimit how long a dropped plugin may take to unload; zero to not check
   * @param debounce the watch mode's quiet period
   */
  public Reloader(
      List<Path> folders,
      LoadRun<T> loadRun,
      Registry<T> registry,
      Notifier notifier,
      Duration unloadLimit,
      Duration debounce) {
    this.folders = List.copyOf(folders);
    this.loadRun = loadRun;
    this.registry = registry;
    this.notifier = notifier;
    this.debounce = debounce;
    this.tracker =
        unloadLimit.isZero()
            ? Optional.empty()
            : Optional.of(new UnloadTracker(unloadLimit, this::leaked));
  }

  /**
   * Reloads now, on the caller's thread; waits for a reload already running.
   *
   * @return what changed
   * @throws IllegalStateException if the host is closed
   */
  public synchronized ReloadReport reload() {
    if (closed) {
      throw new IllegalStateException("this PluginHost is closed");
    }
    LoadRun.Outcome<T> outcome = loadRun.run(folders, registry.snapshot());
    registry.swap(outcome.snapshot());
    outcome.fresh().forEach(e -> e.runtime().activate());
    outcome.dropped().forEach(this::drop);
    // A plugin refused after its layer existed ran code (a constructor, a setup): it must unload
    // as surely as a dropped one.
    outcome
        .discarded()
        .forEach(d -> tracker.ifPresent(t -> t.track(d.plugin(), d.version(), d.layer())));
    publish(outcome);
    ReloadReport r = outcome.report();
    LOG.info(
        "Reloaded {}: {} added, {} updated, {} removed, {} unchanged, {} failed",
        folders,
        r.added().size(),
        r.updated().size(),
        r.removed().size(),
        r.unchanged().size(),
        r.failures().size());
    return r;
  }

  /**
   * Reloads on the host's reload thread.
   *
   * @return the report, when the reload is done
   */
  public CompletableFuture<ReloadReport> reloadAsync() {
    return CompletableFuture.supplyAsync(this::reload, background);
  }

  /**
   * Starts watching the folders; a burst of changes makes one reload. Calling it again does
   * nothing.
   *
   * @throws UncheckedIOException if a folder cannot be watched
   */
  public synchronized void watch() {
    if (closed) {
      throw new IllegalStateException("this PluginHost is closed");
    }
    if (watcher == null) {
      try {
        watcher = new FolderWatcher(folders, debounce, () -> reloadAsync().join());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot watch " + folders, e);
      }
    }
  }

  private void drop(Registry.Entry<T> entry) {
    ModuleLayer layer = entry.layer().layer();
    Version version = entry.plugin().manifest().version();
    try {
      entry.drop();
    } catch (RuntimeException e) {
      // Teardown errors are logged by the runtime; this guards the other drops of the batch.
      LOG.warn("Dropping {} failed", entry.plugin().manifest().coordinates(), e);
    }
    tracker.ifPresent(t -> t.track(entry.plugin().name(), version, layer));
  }

  private void publish(LoadRun.Outcome<T> outcome) {
    Map<String, Registry.Entry<T>> now = outcome.snapshot().byName();
    ReloadReport r = outcome.report();
    r.removed().forEach(n -> publish(PluginEvent.Kind.UNLOADED, n, dropped(outcome, n), null));
    r.added().forEach(n -> publish(PluginEvent.Kind.LOADED, n, version(now, n), null));
    r.updated().forEach(n -> publish(PluginEvent.Kind.UPDATED, n, version(now, n), null));
    for (PluginFailure f : r.failures()) {
      publish(PluginEvent.Kind.FAILED, f.plugin(), Optional.empty(), f);
    }
  }

  private Optional<Version> dropped(LoadRun.Outcome<T> outcome, String name) {
    return outcome.dropped().stream()
        .filter(e -> e.plugin().name().equals(name))
        .map(e -> e.plugin().manifest().version())
        .findFirst();
  }

  private static <T> Optional<Version> version(Map<String, Registry.Entry<T>> now, String name) {
    return Optional.ofNullable(now.get(name)).map(e -> e.plugin().manifest().version());
  }

  private void publish(
      PluginEvent.Kind kind, String plugin, Optional<Version> version, PluginFailure failure) {
    notifier.publish(
        new PluginEvent(kind, plugin, version, Optional.ofNullable(failure), Optional.empty()));
  }

  private void leaked(LeakReport leak) {
    notifier.publish(
        new PluginEvent(
            PluginEvent.Kind.LEAKED,
            leak.plugin(),
            Optional.of(leak.version()),
            Optional.empty(),
            Optional.of(leak)));
  }

  /**
   * Returns the leaks reported so far.
   *
   * @return the leaks, oldest first
   */
  public List<LeakReport> leaks() {
    return tracker.map(UnloadTracker::leaks).orElse(List.of());
  }

  /** Stops watching, tears every plugin down and drops it; later reloads are refused. */
  @Override
  public synchronized void close() {
    closed = true;
    if (watcher != null) {
      watcher.close();
    }
    background.shutdownNow();
    registry
        .swap(new Registry.Snapshot<>(Map.of(), List.of()))
        .byName()
        .values()
        .forEach(this::drop);
  }
}
