package dev.augment.core.internal;

import dev.augment.api.Api;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one hash Augment uses: it names every cache entry, checks the cache's files and
 * fingerprints the host's rules.
 */
@Api.Internal
public final class Sha256 {

  private Sha256() {}

  /**
   * Returns a fresh digest.
   *
   * @return a new SHA-256 {@link MessageDigest}
   */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Returns the hash of some bytes as lower-case hex.
   *
   * @param bytes what to hash
   * @return 64 hex digits
   */
  public static String hex(byte[] bytes) {
    MessageDigest digest = digest();
    digest.update(bytes);
    return hex(digest);
  }

  /**
   * Returns a digest's hash as lower-case hex, which resets the digest.
   *
   * @param digest a digest that has seen everything to hash
   * @return 64 hex digits
   */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
