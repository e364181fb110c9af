/**
 * Checks across every module of Augment, with no code of its own: the architecture rules over all
 * of Augment's jars, and the same verdict on each broken plugin from a host, {@code Layers.load},
 * the verifier and {@code augment list}.
 *
 * <p>It requires what a host and a plugin author use, so that its tests run with Augment in the
 * boot layer, as a host does.
 */
module augment.it {
  requires augment.core;
  requires augment.tools;
  requires augment.cli;
  requires augment.testkit;
  requires augment.example.host;
  // The tests read augment list's JSON.
  requires tools.jackson.databind;
  // The hostile corpus writes module descriptors and class files javac refuses (a cycle, java.*).
  requires org.objectweb.asm;
}
