package dev.augment.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stability markers for Augment's public types.
 *
 * <p>Every exported type of an Augment module carries exactly one of these annotations, and a test
 * checks that it does. They have {@code CLASS} retention: tools that read class files (the
 * builder's verifier, API diff tools) can see them, and they cost nothing at run time.
 */
@Api.Stable
public final class Api {

  private Api() {}

  /** The type is supported: it changes incompatibly only in a new major version. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
  public @interface Stable {}

  /** The type is new: it may change in a minor version, with a note in the change log. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
  public @interface Experimental {}

  /**
   * The type is public only so that Augment's own modules can share it; it may change or vanish in
   * any version and must not be used by hosts or plugins.
   */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
  public @interface Internal {}
}
