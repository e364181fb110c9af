package dev.augment.api;

/** Where the host runs; plugins may, for example, log more in development. */
@Api.Stable
public enum Environment {
  /** A developer's machine: watch mode, verbose diagnostics. */
  DEVELOPMENT,
  /** A deployed host. */
  PRODUCTION
}
