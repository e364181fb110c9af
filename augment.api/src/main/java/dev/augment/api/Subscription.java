package dev.augment.api;

/** A hook subscription; closing it stops delivery to its handler. */
@Api.Stable
public interface Subscription extends AutoCloseable {

  /** Stops delivery; calling it again does nothing. */
  @Override
  void close();
}
