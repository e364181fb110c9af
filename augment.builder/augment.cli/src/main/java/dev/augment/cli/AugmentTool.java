package dev.augment.cli;

import java.io.PrintWriter;
import java.util.spi.ToolProvider;

/**
 * The {@code augment} command line as a {@link ToolProvider}, the way the JDK offers {@code jar}
 * and {@code jlink}: {@code ToolProvider.findFirst("augment")} runs it in the caller's JVM, as a
 * build or a test would, without starting a process.
 */
public final class AugmentTool implements ToolProvider {

  /** Creates the tool; the service loader calls this. */
  public AugmentTool() {}

  @Override
  public String name() {
    return "augment";
  }

  @Override
  public int run(PrintWriter out, PrintWriter err, String... args) {
    return AugmentCommand.run(args, out, err);
  }
}
