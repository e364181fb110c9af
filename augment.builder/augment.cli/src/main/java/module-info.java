/**
 * The {@code augment} command line, for plugin authors and operators.
 *
 * <p>{@code verify}, {@code inspect}, {@code list}, {@code pack} and {@code watch}; see {@link
 * dev.augment.cli.AugmentCommand}. Exit codes: 0 when all is well, 1 when a plugin fails a check or
 * cannot be loaded, 2 for a usage error.
 */
module augment.cli {
  requires augment.tools;
  requires info.picocli;
  requires tools.jackson.databind;
  requires org.slf4j;

  // picocli reads the commands' annotations and sets their fields.
  opens dev.augment.cli to
      info.picocli;
}
