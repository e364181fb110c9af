package dev.augment.core.internal.pipeline;

import dev.augment.api.Api;
import dev.augment.core.internal.archive.CacheJanitor;
import dev.augment.core.internal.plugin.HostRules;
import dev.augment.core.internal.plugin.Staged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent, content-addressed record of the class-file checks a plugin's bytes passed, so that
 * a warm start, and a plugin staged again, skip reading every class file with ASM.
 *
 * <p>One small file per cache entry and host rules: {@code <cache>/.checked/<entry>-<rules>}, where
 * {@code <entry>} is the cache entry's name (the content's SHA-256) and {@code <rules>} starts the
 * {@link HostRules#fingerprint() fingerprint} of the rules it was checked against; the file repeats
 * the whole fingerprint; the cache's janitor deletes it with its entry. A new Augment version, JDK,
 * policy, capability, base module, contract or host module makes another fingerprint, so a verdict
 * is never used under rules it was not made under. Only passes are recorded, and only what depends
 * on nothing but the bytes and the rules: the modules the plugin's modules require and the host
 * modules its class files reference. A failure is never recorded: a refused plugin is checked again
 * and says why in full each time.
 *
 * <p>The index adds no trust boundary: whoever can write a file into the cache directory can
 * already change the plugin code extracted there. A file that cannot be read or parsed counts as no
 * verdict; writes go through a temporary file and an atomic rename.
 */
@Api.Internal
final class CheckedIndex {

  private static final Logger LOG = LoggerFactory.getLogger(CheckedIndex.class);

  /** The folder inside the cache that holds the verdicts, removed with their entry. */
  static final String FOLDER = CacheJanitor.ENTRY_FILES;

  private static final String HEADER = "augment-checked 1";

  private final Path folder;
  private final HostRules rules;
  private volatile String fingerprint;

  /**
   * What a plugin's bytes were found to use, when they passed the class-file checks.
   *
   * @param required the modules outside the plugin that its modules require
   * @param referenced the host and JDK modules its class files reference
   */
  record Verdict(Set<String> required, Set<String> referenced) {
    Verdict {
      required = Set.copyOf(required);
      referenced = Set.copyOf(referenced);
    }
  }

  CheckedIndex(Path cacheRoot, HostRules rules) {
    this.folder = cacheRoot.resolve(FOLDER);
    this.rules = rules;
  }

  private String fingerprint() {
    String f = fingerprint;
    if (f == null) {
      f = rules.fingerprint();
      fingerprint = f;
    }
    return f;
  }

  private Path file(Staged staged) {
    return folder.resolve(staged.directory().getFileName() + "-" + fingerprint().substring(0, 16));
  }

  /**
   * Returns the verdict recorded for a cache entry under these rules.
   *
   * @param staged the plugin's cache entry
   * @return the verdict, or empty when there is none (or it cannot be read)
   */
  Optional<Verdict> find(Staged staged) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file(staged), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.debug("Ignoring the check index entry of {}: {}", staged.directory(), e.toString());
      return Optional.empty();
    }
    if (lines.size() != 4
        || !lines.get(0).equals(HEADER)
        || !lines.get(1).equals("rules " + fingerprint())
        || !lines.get(2).startsWith("required ")
        || !lines.get(3).startsWith("referenced ")) {
      return Optional.empty();
    }
    return Optional.of(new Verdict(names(lines.get(2)), names(lines.get(3))));
  }

  /**
   * Records that a cache entry passed under these rules; a failure to write is logged and otherwise
   * ignored, since the index only saves work.
   *
   * @param staged the plugin's cache entry
   * @param verdict what its bytes use
   */
  void store(Staged staged, Verdict verdict) {
    String text =
        HEADER
            + "\nrules "
            + fingerprint()
            + "\nrequired "
            + String.join(" ", new TreeSet<>(verdict.required()))
            + "\nreferenced "
            + String.join(" ", new TreeSet<>(verdict.referenced()))
            + "\n";
    Path target = file(staged);
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".writing-", "");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not write the check index entry {}: {}", target, e.toString());
    }
  }

  private static Set<String> names(String line) {
    String list = line.substring(line.indexOf(' ') + 1).trim();
    return list.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(list.split(" ")));
  }
}
