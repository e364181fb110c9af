/**
 * The {@code augment} command line, for plugin authors and operators.
 *
 * <p>{@code verify}, {@code inspect}, {@code list}, {@code pack} and {@code watch}; see {@link
 * dev.augment.cli.AugmentCommand}. Exit codes: 0 when all is well, 1 when a plugin fails a check or
 * cannot be loaded, 2 for a usage error. The same command line is the {@link
 * java.util.spi.ToolProvider} named {@code augment}, for builds and tests that run it in their own
 * JVM.
 */
module augment.cli {
  requires augment.tools;
  requires info.picocli;
  requires tools.jackson.databind;
  requires org.slf4j;

  // ToolProvider.findFirst("augment") runs the command line in the caller's JVM.
  provides java.util.spi.ToolProvider with
      dev.augment.cli.AugmentTool;

  // picocli reads the commands' annotations and sets their fields.
  opens dev.augment.cli to
      info.picocli;
}
