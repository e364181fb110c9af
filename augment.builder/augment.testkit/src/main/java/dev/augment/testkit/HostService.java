package dev.augment.testkit;

import dev.augment.api.Api;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A host service for the child host of {@link PluginAssertions#assertUnloadsCleanlyInAHost(
 * java.nio.file.Path, java.nio.file.Path, HostService...)}: the type plugins ask for, and a factory
 * the child JVM instantiates to make the instance, since an instance cannot cross into another JVM.
 *
 * <pre>{@code
 * public static final class HostClock implements Supplier<Clock> {
 *   public Clock get() { return Clock.systemUTC(); }
 * }
 *
 * PluginAssertions.assertUnloadsCleanlyInAHost(
 *     Path.of("target/plugin"), Path.of("augment-host.json"),
 *     HostService.of(Clock.class, HostClock.class));
 * }</pre>
 *
 * <p>The factory must be a public class with a public no-argument constructor, in the test's own
 * classes or a jar of its class path; the child JVM puts both on its class path.
 *
 * @param <S> the service type
 * @param type the type plugins ask for, as the host offers it
 * @param factory makes the instance in the child JVM
 */
@Api.Experimental
public record HostService<S>(Class<S> type, Class<? extends Supplier<? extends S>> factory) {

  /**
   * Creates a host service.
   *
   * @param type see the record description
   * @param factory see the record description
   */
  public HostService {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
  }

  /**
   * Returns a host service made by a factory.
   *
   * @param <S> the service type
   * @param type the type plugins ask for
   * @param factory makes the instance in the child JVM
   * @return the service
   */
  public static <S> HostService<S> of(
      Class<S> type, Class<? extends Supplier<? extends S>> factory) {
    return new HostService<>(type, factory);
  }

  /** The child JVM's argument: {@code type=factory}. */
  String argument() {
    return type.getName() + "=" + factory.getName();
  }
}
