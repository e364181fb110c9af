package dev.augment.core.internal;

import dev.augment.api.Api;

/**
 * Tells which errors no plugin failure may swallow.
 *
 * <p>A {@link StackOverflowError} is a plugin's own: its stack has unwound when it is caught, so it
 * fails that plugin only. Every other {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link
 * InternalError}) says the JVM itself is in trouble and is rethrown.
 */
@Api.Internal
public final class Fatal {

  private Fatal() {}

  /**
   * Tells whether an error must not be contained.
   *
   * @param t what a plugin threw
   * @return {@code true} for a virtual machine error other than a stack overflow
   */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
  }

  /**
   * Rethrows {@code t} if it is fatal.
   *
   * @param t what a plugin threw
   */
  public static void rethrowIfFatal(Throwable t) {
    if (isFatal(t)) {
      throw (VirtualMachineError) t;
    }
  }
}
