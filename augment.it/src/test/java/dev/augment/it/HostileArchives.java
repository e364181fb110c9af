package dev.augment.it;

import static dev.augment.fixtures.Fixtures.greeterJar;
import static dev.augment.fixtures.Fixtures.manifest;
import static dev.augment.fixtures.Fixtures.pluginDir;

import dev.augment.core.Rule;
import dev.augment.fixtures.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** The archive part of the hostile corpus: zips that try to escape, lie, or fill the disk. */
final class HostileArchives {

  private final HostileCorpus corpus;
  private final Path plugins;

  HostileArchives(HostileCorpus corpus) {
    this.corpus = corpus;
    this.plugins = corpus.plugins();
  }

  void write() throws IOException {
    Path valid = validFolder("a-valid");
    escape("a-dotdot.zip", "modules/../../" + HostileCorpus.ESCAPED + "dotdot.txt", "outside");
    escape("a-absolute.zip", "/tmp/" + HostileCorpus.ESCAPED + "absolute.txt", "outside");
    escape("a-drive-letter.zip", "C:/" + HostileCorpus.ESCAPED + "drive.txt", "drive letter");
    escape("a-backslash.zip", "..\\" + HostileCorpus.ESCAPED + "backslash.txt", "backslash");
    escape("a-device-name.zip", "modules/aux.txt", "a device on Windows");
    escape("a-control-character.zip", "modules/x\u001b[2J.txt", "control character");

    RawZip.of()
        .folder(valid)
        .symlink("modules/passwd", "../../../../etc/passwd")
        .writeTo(plugins.resolve("a-symlink.zip"));
    corpus.add("archive", "a-symlink.zip", Rule.ARCHIVE, "'modules/passwd' is a symbolic link");

    byte[] zip = Files.readAllBytes(Fixtures.zip(valid, corpus.work().resolve("valid.zip")));
    Files.write(plugins.resolve("a-truncated.zip"), Arrays.copyOf(zip, zip.length / 2));
    corpus.add("archive", "a-truncated.zip", Rule.ARCHIVE, "truncated");
    // Cut where the central directory starts: every local entry is whole, the list is gone.
    byte[] raw = RawZip.of().folder(valid).bytes();
    Files.write(plugins.resolve("a-truncated-at-entry.zip"), Arrays.copyOf(raw, centralAt(raw)));
    corpus.add("archive", "a-truncated-at-entry.zip", Rule.ARCHIVE, "truncated");
    // Damage the first entry's compressed data, past its header and name.
    byte[] corrupt = zip.clone();
    int data = 30 + (corrupt[26] & 0xff | (corrupt[27] & 0xff) << 8) + (corrupt[28] & 0xff);
    for (int i = data; i < data + 8 && i < corrupt.length; i++) {
      corrupt[i] ^= (byte) 0x5a;
    }
    Files.write(plugins.resolve("a-corrupt.zip"), corrupt);
    corpus.add("archive", "a-corrupt.zip", Rule.ARCHIVE, "is not a readable zip");
    Files.writeString(plugins.resolve("a-not-a-zip.zip"), "PK\u0003\u0004 but nothing after");
    corpus.add("archive", "a-not-a-zip.zip", Rule.ARCHIVE, "is not a readable zip");

    RawZip.of()
        .folder(valid)
        .file("plugin.manifest.json", manifest("a-duplicate", "6.6.6", "fixture.hc.avalid"))
        .writeTo(plugins.resolve("a-duplicate.zip"));
    corpus.add("archive", "a-duplicate.zip", Rule.ARCHIVE, "appears twice");
    RawZip.of()
        .folder(valid)
        .unlisted("modules/hidden.txt", "not in the central directory")
        .writeTo(plugins.resolve("a-unlisted.zip"));
    corpus.add("archive", "a-unlisted.zip", Rule.ARCHIVE, "not in the zip's central directory");

    HostileCorpus.deflated(
        plugins.resolve("a-bomb-ratio.zip"),
        "plugin.manifest.json",
        Files.readString(valid.resolve("plugin.manifest.json")),
        "data/zeros.bin",
        HostileCorpus.zeros(4 * 1024 * 1024));
    corpus.add("archive", "a-bomb-ratio.zip", Rule.ARCHIVE, "100 times its own size");
    byte[] noise = new byte[(int) HostileCorpus.MAX_BYTES + 1024];
    new Random(7).nextBytes(noise);
    RawZip.of()
        .folder(valid)
        .file("data/noise.bin", noise)
        .writeTo(plugins.resolve("a-bomb-size.zip"));
    corpus.add(
        "archive",
        "a-bomb-size.zip",
        Rule.ARCHIVE,
        "the limit of " + HostileCorpus.MAX_BYTES + " bytes");
    RawZip many = RawZip.of().folder(valid);
    for (int i = 0; i < HostileCorpus.MAX_ENTRIES + 1; i++) {
      many.file("data/" + i + ".txt", "x");
    }
    many.writeTo(plugins.resolve("a-bomb-count.zip"));
    corpus.add(
        "archive", "a-bomb-count.zip", Rule.ARCHIVE, "limit of " + HostileCorpus.MAX_ENTRIES);

    RawZip.of()
        .folder(valid)
        .file("data/" + "n".repeat(300) + ".txt", "a name longer than any file system allows")
        .writeTo(plugins.resolve("a-long-name.zip"));
    corpus.add("archive", "a-long-name.zip", Rule.ARCHIVE, "cannot be written");

    RawZip.of().writeTo(plugins.resolve("a-empty.zip"));
    corpus.add("archive", "a-empty.zip", Rule.MANIFEST, "plugin.manifest.json");

    // Nested archives are opaque files: never opened, never extracted, not modules. A zip inside
    // holds an escaping entry that would show if anything unpacked it.
    Path inner =
        Fixtures.rawZip(
            corpus.work().resolve("inner.zip"),
            "../../" + HostileCorpus.ESCAPED + "inner.txt",
            "x");
    Path nested = validFolder("a-nested");
    Files.createDirectories(nested.resolve("data"));
    Files.copy(inner, nested.resolve("data/inner.zip"));
    Files.copy(inner, nested.resolve("modules/inner.zip"));
    Fixtures.zip(nested, plugins.resolve("a-nested.zip"));
    corpus.add("archive", "a-nested.zip", null, "");
  }

  /** The files of a healthy plugin named {@code name}, in a folder outside the plugin folder. */
  private Path validFolder(String name) {
    String module = "fixture.hc." + name.replace("-", "");
    Path folder = corpus.work().resolve("zips").resolve(name);
    return pluginDir(
        folder, manifest(name, "1.0.0", module), greeterJar(module).writeTo(corpus.jars()));
  }

  /** A healthy plugin's zip plus one hostile entry. */
  private void escape(String file, String entry, String words) throws IOException {
    Path valid = corpus.work().resolve("zips/a-valid");
    RawZip.of().folder(valid).file(entry, "escaped").writeTo(plugins.resolve(file));
    corpus.add("archive", file, Rule.ARCHIVE, words);
  }

  /** Where the central directory of a zip starts, from its end record. */
  private static int centralAt(byte[] zip) {
    int end = zip.length - 22;
    return (zip[end + 16] & 0xff)
        | (zip[end + 17] & 0xff) << 8
        | (zip[end + 18] & 0xff) << 16
        | (zip[end + 19] & 0xff) << 24;
  }
}
