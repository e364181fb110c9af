package dev.augment.core.internal.host;

import dev.augment.api.Api;
import dev.augment.core.LeakReport;
import dev.augment.core.PluginEvent;
import dev.augment.core.ReloadReport;
import dev.augment.core.Version;
import dev.augment.core.WatchStatus;
import dev.augment.core.internal.archive.CacheJanitor;
import dev.augment.core.internal.discovery.FolderWatcher;
import dev.augment.core.internal.flight.Flight;
import dev.augment.core.internal.lifecycle.ExtensionViews;
import dev.augment.core.internal.lifecycle.UnloadTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reloads one at a time and applies their outcome: activation of the new plugins, one atomic
 * swap of the registry, teardown of the dropped ones, unload tracking and notification.
 *
 * @param <T> the contract type
 */
@Api.Internal
public final class Reloader<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final List<Path> folders;
  private final LoadRun<T> loadRun;
  private final Registry<T> registry;
  private final Notifier notifier;
  private final ExtensionViews views;
  private final Optional<UnloadTracker> tracker;
  private final FolderWatcher.Settings watchSettings;
  private final Optional<CacheJanitor> janitor;
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "augment-reload");
            t.setDaemon(true);
            return t;
          });
  private final Object watchLock = new Object();
  private FolderWatcher watcher;
  private boolean closed;

  /**
   * Creates a reloader.
   *
   * @param folders the host's plugin folders
   * @param loadRun the load pass
   * @param registry the registry it swaps
   * @param notifier the listeners
   * @param views the plugins' extension views, told after each swap
   * @param unloadLimit how long a dropped plugin may take to unload; zero to not check
   * @param unloadGc whether the unload check may ask for a full collection
   * @param watchSettings the watch mode's quiet period, maximum wait and poll interval
   * @param janitor the cache's housekeeping, told what is in use after each reload
   */
  public Reloader(
      List<Path> folders,
      LoadRun<T> loadRun,
      Registry<T> registry,
      Notifier notifier,
      ExtensionViews views,
      Duration unloadLimit,
      boolean unloadGc,
      FolderWatcher.Settings watchSettings,
      Optional<CacheJanitor> janitor) {
    this.folders = List.copyOf(folders);
    this.loadRun = loadRun;
    this.registry = registry;
    this.notifier = notifier;
    this.views = views;
    this.watchSettings = watchSettings;
    this.janitor = janitor;
    this.tracker =
        unloadLimit.isZero()
            ? Optional.empty()
            : Optional.of(
                new UnloadTracker(
                    UnloadTracker.Options.of(unloadLimit)
                        .withGc(
                            unloadGc ? UnloadTracker.GcPolicy.ONCE : UnloadTracker.GcPolicy.NEVER)
                        .withOnUnloaded(() -> janitor.ifPresent(CacheJanitor::collected)),
                    this::leaked));
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
    // Cache housekeeping hook (CacheJanitor): take the lease and sweep crash leftovers before this
    // host stages anything, so that the sweep never meets one of its own extractions.
    janitor.ifPresent(CacheJanitor::beforeReload);
    long start = System.nanoTime();
    Registry.Snapshot<T> before = registry.snapshot();
    LoadRun.Outcome<T> outcome = loadRun.run(folders, before);
    if (outcome.keptAll(before)) {
      // Every plugin kept as it was: nothing to activate, swap, drop or tell, and a report whose
      // names the snapshot already holds, so that such a reload costs no step per plugin.
      janitor.ifPresent(j -> j.afterUnchangedReload(this::inUse));
      ReloadReport report = Projections.allKept(before.names(), folders, LOG);
      Flight.reload(start, 0, 0, 0, report.unchanged().size(), 0);
      return report;
    }
    boolean unchanged = outcome.snapshot() == before;
    List<Change<T>> changes = outcome.changes();
    // Plugins are ACTIVE when the snapshot that shows them is published, not after.
    for (Change<T> c : changes) {
      if (c instanceof Change.Added<T> a) {
        a.entry().runtime().activate();
      } else if (c instanceof Change.Updated<T> u) {
        u.to().runtime().activate();
      }
    }
    registry.swap(outcome.snapshot());
    if (!unchanged) {
      // Owners learn of their new extensions before the old ones' plugins are torn down.
      views.refresh();
    }
    ReloadReport report = Projections.report(changes, outcome.timings());
    List<PluginEvent> events = Projections.events(changes);
    Projections.log(changes, report, folders, LOG);
    Deque<Registry.Entry<T>> dropped =
        new ArrayDeque<>(LoadOrder.teardownOrder(Projections.dropped(changes)));
    List<LoadRun.Discarded> discarded = outcome.discarded();
    // Let go of everything that names a dropped plugin, so that each one can be collected as soon
    // as its own teardown is done, whatever the teardowns after it take.
    outcome = null;
    before = null;
    changes = null;
    drain(dropped);
    // A plugin refused after its layer existed ran code (a constructor, a setup): it must unload
    // as surely as a dropped one.
    discarded.forEach(d -> tracker.ifPresent(t -> t.track(d.plugin(), d.version(), d.layer())));
    // Cache housekeeping hook (CacheJanitor): the copies in use now, a removal pass when due.
    discarded.forEach(d -> janitor.ifPresent(j -> j.dropped(d.layer())));
    if (unchanged) {
      janitor.ifPresent(j -> j.afterUnchangedReload(this::inUse));
    } else {
      janitor.ifPresent(j -> j.afterReload(inUse()));
    }
    events.forEach(notifier::publish);
    Flight.reload(
        start,
        report.added().size(),
        report.updated().size(),
        report.removed().size(),
        report.unchanged().size(),
        report.failures().size());
    return report;
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
   * Starts watching the folders; a burst of changes makes one reload. Calling it again while the
   * watcher runs does nothing; after the watcher stopped, it starts a new one.
   *
   * @throws UncheckedIOException if the file system offers no watch service
   * @throws IllegalStateException if the host is closed
   */
  public void watch() {
    // Not under the reload lock: a watcher's reload in progress must not hold up a restart.
    synchronized (watchLock) {
      if (closed) {
        throw new IllegalStateException("this PluginHost is closed");
      }
      if (watcher != null && watcher.status().state() != WatchStatus.State.STOPPED) {
        return;
      }
      if (watcher != null) {
        watcher.close();
      }
      try {
        watcher =
            new FolderWatcher(
                folders,
                watchSettings,
                () -> reloadAsync().join(),
                FolderWatcher.DEFAULT_REGISTRAR);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot watch " + folders + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Returns what watch mode is doing.
   *
   * @return the watcher's status; {@link WatchStatus.State#OFF} before {@link #watch()} and after
   *     {@link #close()}
   */
  public WatchStatus watching() {
    synchronized (watchLock) {
      return watcher == null || closed ? WatchStatus.off() : watcher.status();
    }
  }

  private List<Path> inUse() {
    return registry.snapshot().byName().values().stream().map(e -> e.staged().directory()).toList();
  }

  /**
   * Drops entries one by one, dependents before their dependencies, starting each one's unload
   * clock when its teardown is done.
   */
  private void drain(Deque<Registry.Entry<T>> dropped) {
    while (!dropped.isEmpty()) {
      // One frame per entry: once it returns, nothing on this thread holds that plugin.
      drop(dropped.poll());
    }
  }

  private void drop(Registry.Entry<T> entry) {
    String name = entry.plugin().name();
    Version version = entry.plugin().manifest().version();
    ModuleLayer layer = entry.layer().layer();
    try {
      entry.drop();
    } catch (RuntimeException failure) {
      // Teardown errors are logged by the runtime; this guards the other drops of the batch.
      LOG.warn("Dropping {}@{} failed", name, version, failure);
    }
    tracker.ifPresent(t -> t.track(name, version, layer));
    // Cache housekeeping hook: its copy stays in use until the layer is collected.
    janitor.ifPresent(j -> j.dropped(layer));
  }

  private void leaked(LeakReport leak) {
    notifier.publish(new PluginEvent.Leaked(leak.plugin(), leak.version(), leak));
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
    synchronized (watchLock) {
      closed = true;
      if (watcher != null) {
        watcher.close();
      }
    }
    background.shutdownNow();
    Deque<Registry.Entry<T>> all =
        new ArrayDeque<>(
            LoadOrder.teardownOrder(registry.swap(Registry.Snapshot.empty()).byName().values()));
    drain(all);
    loadRun.close();
    janitor.ifPresent(CacheJanitor::close);
  }
}
