/**
 * Tools for plugin authors, shared by the {@code augment} command line and the Maven plugin: verify
 * a plugin against a host description, inspect it, pack it into a zip.
 *
 * <p>The verifier runs the host's own checks from {@code augment.core}, which exports their
 * internals to this module only.
 */
module augment.tools {
  requires transitive augment.core;
  requires org.objectweb.asm;
  requires org.slf4j;

  exports dev.augment.tools;
}
