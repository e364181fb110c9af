package dev.augment.tools;

import dev.augment.api.Api;
import dev.augment.core.internal.discovery.FolderWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Repacks a plugin into a host's plugin folder whenever its build output changes, so that a host in
 * watch mode reloads it: the author's side of hot reload.
 */
@Api.Experimental
public final class PluginWatcher implements AutoCloseable {

  private final FolderWatcher watcher;

  private PluginWatcher(FolderWatcher watcher) {
    this.watcher = watcher;
  }

  /**
   * Packs {@code folder} into {@code zip} now, then again after every burst of changes.
   *
   * @param folder the plugin folder (manifest and {@code modules/}), such as a build's output
   * @param zip the zip to write, usually inside a host's plugin folder
   * @param debounce how long changes must be quiet before repacking
   * @param packed told about every zip written, or a failure's message
   * @return the running watcher; close it to stop
   * @throws UncheckedIOException if the folder cannot be watched
   */
  public static PluginWatcher repackOnChange(
      Path folder, Path zip, Duration debounce, Consumer<String> packed) {
    Runnable repack =
        () -> {
          try {
            packed.accept("packed " + PluginPacker.packFolder(folder, zip));
          } catch (RuntimeException e) {
            packed.accept("could not pack " + folder + ": " + e.getMessage());
          }
        };
    PluginWatcher watcher;
    try {
      // Watch first, then pack: a change made while the first pack runs is never missed.
      watcher = new PluginWatcher(new FolderWatcher(List.of(folder), debounce, repack));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    repack.run();
    return watcher;
  }

  /** Stops watching. */
  @Override
  public void close() {
    watcher.close();
  }
}
