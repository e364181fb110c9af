package dev.augment.core.internal.discovery;

import dev.augment.api.Api;
import dev.augment.core.internal.Parallel;
import dev.augment.core.internal.plugin.Source;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A host's scans of its plugin folders, pass after pass: a large folder on a local file system is
 * read in full once, then only for the names its {@link FolderEvents} say changed.
 *
 * <p>What the watch cannot see is read on every pass as before: an entry that is a symbolic link
 * (its target can change elsewhere), a zip with more than one hard link (it can be rewritten in
 * place through another name), a plugin sub-folder (changes inside it are not the folder's events),
 * and every folder on a file system not known to report its changes to a local watch (NFS, SMB,
 * FUSE: changes made by another machine are never reported). Folders of fewer than {@link
 * #WATCH_FROM} entries are read in full on every pass: reading them costs less than a watch
 * service's thread and file descriptor.
 *
 * <p>The result of each scan is exactly what {@link PluginScanner#scan} would return at that
 * moment, given that the file system reports every change to a watched local folder; {@code
 * FolderScansTest} compares the two after each kind of change.
 */
@Api.Internal
public final class FolderScans implements AutoCloseable {

  /** Folders with at least this many entries are watched rather than read in full. */
  public static final int WATCH_FROM = 64;

  /** File systems whose changes a local watch service reports, by {@link FileStore#type()}. */
  static final Set<String> LOCAL =
      Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs", "overlay");

  private final Path cacheRoot;
  private final Parallel parallel;
  private final int watchFrom;
  private final Map<Path, Folder> folders = new HashMap<>();
  private Optional<FolderEvents> events = Optional.empty();
  private boolean watchTried;
  private boolean synced;
  private int entriesRead;

  /**
   * One scan of a folder.
   *
   * @param sources the candidates, ordered by file name, in normalized form
   * @param unchanged whether they are the very candidates of the folder's previous scan, with the
   *     same stamps, and none is a sub-folder (whose content no scan vouches for)
   */
  public record Scan(List<Source> sources, boolean unchanged) {}

  /** What the last scan of one folder found. */
  private static final class Folder {
    private final Object rootId;
    private final TreeMap<String, Source> candidates = new TreeMap<>();

    /** Names read on every pass: links, multiply linked zips, sub-folders. */
    private final TreeSet<String> unwatched = new TreeSet<>();

    private boolean watched;
    private List<Source> list = List.of();
    private boolean zipsOnly = true;

    private void list(List<Source> sources) {
      list = sources;
      zipsOnly = sources.stream().allMatch(Source::zip);
    }

    private Folder(Object rootId) {
      this.rootId = rootId;
    }
  }

  /**
   * Creates the scans of one host.
   *
   * @param cacheRoot the host's cache directory, where a watch writes its fences
   * @param parallel the runner for reading a large folder in full
   */
  public FolderScans(Path cacheRoot, Parallel parallel) {
    this(cacheRoot, parallel, WATCH_FROM);
  }

  /**
   * Creates the scans of one host with another watch threshold; for tests.
   *
   * @param cacheRoot the host's cache directory
   * @param parallel the runner for reading a large folder in full
   * @param watchFrom the entries from which a folder is watched
   */
  public FolderScans(Path cacheRoot, Parallel parallel, int watchFrom) {
    this.cacheRoot = cacheRoot;
    this.parallel = parallel;
    this.watchFrom = watchFrom;
  }

  /** Starts a pass: collects the watched folders' events up to now. */
  public void beginPass() {
    synced = events.isPresent() && events.get().sync();
  }

  /**
   * Scans one folder.
   *
   * @param folder one of the host's plugin folders
   * @return its candidates and whether they are the ones of the previous scan
   * @throws IOException if the folder is missing or cannot be listed
   */
  public Scan scan(Path folder) throws IOException {
    Path root = Source.normalize(folder);
    BasicFileAttributes rootAttributes;
    try {
      rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
    } catch (IOException e) {
      drop(root);
      throw new IOException("plugin folder " + root + " does not exist or is not a folder", e);
    }
    if (!rootAttributes.isDirectory()) {
      drop(root);
      throw new IOException("plugin folder " + root + " does not exist or is not a folder");
    }
    Folder last = folders.get(root);
    Object rootId = rootAttributes.fileKey();
    if (last != null && last.watched && synced && Objects.equals(rootId, last.rootId)) {
      Optional<Set<String>> changed = events.get().changes(root);
      if (changed.isPresent()) {
        return update(last, root, changed.get());
      }
    }
    return full(root, rootId, last);
  }

  /** Reads a folder in full, watching it first when it is large enough. */
  private Scan full(Path root, Object rootId, Folder last) throws IOException {
    boolean watch = last != null && last.list.size() >= watchFrom && local(root) && watching();
    boolean watched = watch && events.get().watch(root);
    List<PluginScanner.Candidate> found = PluginScanner.candidates(root, parallel);
    entriesRead = found.size();
    Folder now = new Folder(rootId);
    now.watched = watched;
    for (PluginScanner.Candidate c : found) {
      String name = c.source().path().getFileName().toString();
      now.candidates.put(name, c.source());
      if (watched && !watchable(c)) {
        now.unwatched.add(name);
      }
    }
    now.list(List.copyOf(now.candidates.values()));
    folders.put(root, now);
    boolean unchanged = last != null && unchanged(last.list, now.list);
    return new Scan(now.list, unchanged && now.zipsOnly);
  }

  /** Reads only the names that changed, and the ones no watch can vouch for. */
  private Scan update(Folder f, Path root, Set<String> changed) {
    TreeSet<String> names = new TreeSet<>(f.unwatched);
    for (String name : changed) {
      if (!PluginScanner.skipped(name)) {
        names.add(name);
      }
    }
    boolean unchanged = true;
    entriesRead = names.size();
    for (String name : names) {
      Path entry = root.resolve(name);
      Optional<PluginScanner.Candidate> c = PluginScanner.candidate(entry, root);
      Source before = f.candidates.get(name);
      if (c.isEmpty()) {
        f.unwatched.remove(name);
        unchanged &= f.candidates.remove(name) == null;
        continue;
      }
      Source now = c.get().source();
      f.candidates.put(name, now);
      if (watchable(c.get())) {
        f.unwatched.remove(name);
      } else {
        f.unwatched.add(name);
      }
      unchanged &= before != null && unchanged(before, now);
    }
    if (!unchanged) {
      f.list(List.copyOf(f.candidates.values()));
    }
    return new Scan(f.list, unchanged && f.zipsOnly);
  }

  /** Whether the watch of the candidate's folder sees every change to it. */
  private static boolean watchable(PluginScanner.Candidate c) {
    if (c.linked() || !c.source().zip()) {
      return false;
    }
    try {
      Object links = Files.getAttribute(c.source().path(), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return links instanceof Integer n && n == 1;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean local(Path root) {
    try {
      FileStore store = Files.getFileStore(root);
      return LOCAL.contains(store.type().toLowerCase(Locale.ROOT));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether there is a watch; opens one the first time a folder is large enough. */
  private boolean watching() {
    if (!watchTried) {
      watchTried = true;
      events = FolderEvents.open(cacheRoot);
    }
    if (events.isPresent() && !events.get().on()) {
      events = Optional.empty();
    }
    return events.isPresent();
  }

  private void drop(Path root) {
    folders.remove(root);
    events.ifPresent(e -> e.forget(root));
  }

  /** Whether each source is as the scan before saw it, in the same order. */
  private static boolean unchanged(List<Source> before, List<Source> now) {
    if (before.size() != now.size()) {
      return false;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!unchanged(before.get(i), now.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The same path, root and kind ({@link Source#equals}), and the same stamp. */
  private static boolean unchanged(Source before, Source now) {
    return before.equals(now) && before.seen().equals(now.seen());
  }

  /** Ends the watch, if there is one. */
  @Override
  public void close() {
    events.ifPresent(FolderEvents::close);
    events = Optional.empty();
    folders.clear();
  }

  /** For tests: whether a folder is watched now. */
  boolean watched(Path folder) {
    Folder f = folders.get(Source.normalize(folder));
    return f != null && f.watched && events.isPresent() && events.get().on();
  }

  /** For tests: how many candidates (in a full scan) or names (in an update) the last scan read. */
  int entriesRead() {
    return entriesRead;
  }

  /** For tests: the names of a watched folder read on every pass. */
  List<String> unwatched(Path folder) {
    Folder f = folders.get(Source.normalize(folder));
    return f == null ? List.of() : new ArrayList<>(f.unwatched);
  }
}
