package dev.augment.api;

/**
 * Thrown when a plugin asks for something its declared capabilities do not grant.
 *
 * <p>The message names the plugin, what it asked for and the capabilities that would grant it.
 */
@Api.Stable
public class CapabilityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message names the plugin, what it asked for and the capabilities that would grant it
   */
  public CapabilityException(String message) {
    super(message);
  }
}
