package dev.augment.core;

import dev.augment.api.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this Augment runtime. */
@Api.Stable
public final class Augment {

  private static final Version VERSION = readVersion();

  private Augment() {}

  /**
   * Returns the version of Augment that plugins' {@code compatibility.augment} ranges are checked
   * against.
   *
   * @apiNote A development build such as {@code 0.1.0-SNAPSHOT} reports {@code 0.1.0}, so that a
   *     plugin written for 0.1.0 loads into the build that becomes 0.1.0.
   * @return the version
   */
  public static Version version() {
    return VERSION;
  }

  /**
   * Parses a Maven-style version for compatibility checks, dropping a {@code -SNAPSHOT} suffix.
   *
   * @param text such as {@code 1.2.0-SNAPSHOT}
   * @return the version, such as {@code 1.2.0}
   * @throws IllegalArgumentException if the rest is not a semantic version
   */
  public static Version release(String text) {
    return Version.parse(text.endsWith("-SNAPSHOT") ? text.substring(0, text.length() - 9) : text);
  }

  private static Version readVersion() {
    try (InputStream in = Augment.class.getResourceAsStream("augment.properties")) {
      if (in == null) {
        throw new IllegalStateException("augment.properties is missing from augment.core");
      }
      Properties p = new Properties();
      p.load(in);
      return release(p.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
