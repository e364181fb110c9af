/**
 * The Augment test kit: what plugin authors test their plugins with.
 *
 * <ul>
 *   <li>{@link dev.augment.testkit.TestPluginContext}: a ready plugin context for unit tests;
 *   <li>{@link dev.augment.testkit.HookRecorder}: emit events to a plugin and see what it did;
 *   <li>{@link dev.augment.testkit.PluginAssertions}: a built plugin loads in a real host and
 *       unloads cleanly;
 *   <li>{@link dev.augment.testkit.PluginArchRules}: ArchUnit rules that keep a plugin isolated.
 * </ul>
 */
module augment.testkit {
  requires transitive com.tngtech.archunit;
  requires transitive augment.core;
  requires org.slf4j;

  exports dev.augment.testkit;
}
