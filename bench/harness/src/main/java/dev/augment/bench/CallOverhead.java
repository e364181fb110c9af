package dev.augment.bench;

import dev.augment.bench.contract.Greeter;
import dev.augment.core.host.PluginHost;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a call into a plugin costs: a provider held from {@link PluginHost#getAll()} against the
 * same code compiled into the host ({@link Direct}), both called through {@code Greeter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CallOverhead {

  /** The folder with the one plugin. */
  @Param("")
  public String folder;

  /** Augment's cache folder. */
  @Param("")
  public String cache;

  private PluginHost<Greeter> host;
  private Greeter plugin;
  private Greeter direct;
  private String who;

  /** Loads the plugin. */
  @Setup
  public void setUp() {
    host =
        PluginHost.builder(Greeter.class)
            .folder(Path.of(folder))
            .cacheDirectory(Path.of(cache))
            .build();
    host.reload();
    plugin = host.getAll().get(0).provider();
    direct = new Direct();
    who = "bench";
  }

  /** Closes the host. */
  @TearDown
  public void tearDown() {
    host.close();
  }

  /**
   * A call to the plugin's provider.
   *
   * @return the greeting
   */
  @Benchmark
  public String plugin() {
    return plugin.greet(who);
  }

  /**
   * The same call to a class of the host.
   *
   * @return the greeting
   */
  @Benchmark
  public String direct() {
    return direct.greet(who);
  }

  /** The plugin's code, compiled into the host. */
  static final class Direct implements Greeter {
    @Override
    public String greet(String who) {
      return "hello " + who;
    }
  }
}
