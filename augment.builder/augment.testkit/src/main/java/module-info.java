/**
 * The Augment test kit: what plugin authors test their plugins with.
 *
 * <p>For now it holds {@link dev.augment.testkit.PluginArchRules}, ArchUnit rules that keep a
 * plugin isolated; a ready plugin context, a hook recorder and an unload assertion follow with the
 * builder.
 */
module augment.testkit {
  requires transitive com.tngtech.archunit;
  requires static transitive augment.api;

  exports dev.augment.testkit;
}
