package dev.augment.example.host;

import dev.augment.core.Plugin;
import dev.augment.core.PluginFailure;
import dev.augment.core.host.PluginHost;
import dev.augment.example.contract.Request;
import dev.augment.example.contract.Route;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a folder and calls each one's route with the sample request its manifest
 * names ({@code meta.sample}), or with its bare path.
 *
 * <p>Program output goes to standard output, one line per request:
 *
 * <pre>
 * GET /health -> OK [host]
 * GET /hello?name=world -> Hello, World! [greeter@0.1.0-SNAPSHOT]
 * SKIPPED plugin 'broken' (...) broke rule [manifest]: ...
 * </pre>
 *
 * <p>Logs go to standard error (slf4j-simple). The exit code is 0, or 2 when the plugin folder does
 * not exist.
 */
public final class Main {

  /** The exit code when the plugin folder is missing. */
  static final int NO_PLUGIN_FOLDER = 2;

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /**
   * Runs the host.
   *
   * @param args the plugin folder; {@code plugins} when absent
   */
  public static void main(String[] args) {
    int code = run(Path.of(args.length > 0 ? args[0] : "plugins"), System.out);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Loads the plugins of {@code folder}, prints their answers to {@code out} and unloads them.
   *
   * @param folder the plugin folder
   * @param out where the program output goes
   * @return the exit code: 0, or {@link #NO_PLUGIN_FOLDER}
   */
  static int run(Path folder, PrintStream out) {
    if (!Files.isDirectory(folder)) {
      LOG.error("Plugin folder {} does not exist or is not a folder", folder.toAbsolutePath());
      return NO_PLUGIN_FOLDER;
    }
    List<Route> builtIn = new ArrayList<>();
    for (Route route : ServiceLoader.load(Main.class.getModule().getLayer(), Route.class)) {
      if (route.getClass().getModule() == Main.class.getModule()) {
        builtIn.add(route);
      }
    }
    try (PluginHost<Route> host = ExampleHost.builder(folder, Clock.systemUTC()).build();
        RequestDispatcher dispatcher = new RequestDispatcher(host.hooks(), host::getAll, builtIn)) {
      for (Route route : builtIn) {
        out.println(line(dispatcher, Request.parse(route.path())));
      }
      host.reload();
      for (PluginFailure failure : host.failures()) {
        out.println("SKIPPED " + failure.message());
      }
      for (Plugin<Route> plugin : host.getAll()) {
        Object sample = plugin.manifest().meta().get("sample");
        String target = sample instanceof String s ? s : plugin.provider().path();
        out.println(line(dispatcher, Request.parse(target)));
      }
    }
    return 0;
  }

  private static String line(RequestDispatcher dispatcher, Request request) {
    RequestDispatcher.Answer answer = dispatcher.dispatch(request);
    if (answer.status() != 200) {
      LOG.warn("{} answered {} with {}", answer.by(), request.target(), answer.status());
    }
    return "GET " + request.target() + " -> " + answer.body() + " [" + answer.by() + "]";
  }
}
