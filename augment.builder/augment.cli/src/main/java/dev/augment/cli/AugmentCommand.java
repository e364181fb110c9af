package dev.augment.cli;

import dev.augment.core.Augment;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code augment}: verify, inspect, list, pack and watch plugins.
 *
 * <p>Exit codes: 0 when all is well, 1 when a plugin fails a check or cannot be loaded, 2 for a
 * usage error. {@code --json} makes {@code verify}, {@code inspect} and {@code list} print JSON.
 */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    versionProvider = AugmentCommand.VersionProvider.class,
    description = "Verify, inspect, list, pack and watch Augment plugins.",
    subcommands = {
      VerifyCommand.class,
      InspectCommand.class,
      ListCommand.class,
      PackCommand.class,
      WatchCommand.class
    })
public final class AugmentCommand {

  /** Exit code: every plugin passed. */
  public static final int OK = 0;

  /** Exit code: a plugin failed a check or could not be loaded. */
  public static final int FAILED = 1;

  /** Exit code: the command line was wrong. */
  public static final int USAGE = 2;

  private AugmentCommand() {}

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   * @param out where results go
   * @param err where errors and usage go
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AugmentCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof UsageError) {
            err.println("augment: " + e.getMessage());
            return USAGE;
          }
          err.println("augment: " + e);
          return FAILED;
        });
    return cli.execute(args);
  }

  /** A mistake in how the command was called, found after parsing. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /** Prints Augment's version. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"augment " + Augment.version()};
    }
  }
}
