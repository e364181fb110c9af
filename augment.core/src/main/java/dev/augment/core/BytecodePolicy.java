package dev.augment.core;

import dev.augment.api.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a plugin's class files may not reference; checked with ASM before any plugin code runs.
 *
 * <p>The {@linkplain #defaults() default policy} refuses, in this order:
 *
 * <ul>
 *   <li>{@code exit}: {@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt};
 *   <li>{@code set-accessible}: {@code setAccessible} and {@code trySetAccessible} on any {@code
 *       AccessibleObject}, unless a capability permits {@code reflection};
 *   <li>{@code unsafe}: any use of {@code sun.misc.Unsafe} or {@code jdk.internal.misc.Unsafe};
 *   <li>{@code reflection}: invoking or changing members through reflection ({@code Method.invoke},
 *       {@code Constructor.newInstance}, {@code Class.newInstance}, {@code Field.set...}) and
 *       obtaining method handles or var handles by lookup ({@code Lookup.findStatic}, {@code
 *       unreflect}, {@code MethodHandles.privateLookupIn}, ...), unless a capability permits {@code
 *       reflection};
 *   <li>{@code define-class}: defining classes at run time ({@code ClassLoader.defineClass}, any
 *       new class loader, {@code Lookup.defineClass} and {@code defineHiddenClass}, new module
 *       layers), unless a capability permits {@code reflection};
 *   <li>{@code native}: loading native libraries and the foreign linker, unless a capability
 *       permits {@code native};
 *   <li>{@code processes}: starting processes and ending other ones, unless a capability permits
 *       {@code processes};
 *   <li>{@code threads}: every JDK API that creates or starts a thread for its caller, or runs the
 *       caller's code on the common pool, unless a capability permits {@code threads}.
 * </ul>
 *
 * <p>The reflective rules exist because every other rule matches only what a class file names: a
 * plugin that may call {@code Method.invoke} may call {@code System.exit} without naming it. A
 * capability that permits {@code reflection} therefore waives the policy's guarantees for that
 * plugin; see {@code docs/security.md}.
 *
 * <p>A host changes the policy with {@link #with} and {@link #without}; a policy is immutable.
 */
@Api.Stable
public final class BytecodePolicy {

  /** The {@code CompletionStage} methods that, without an executor, run on the common pool. */
  private static final String[][] ASYNC_WITHOUT_EXECUTOR = {
    {"thenApplyAsync", "java.util.function.Function"},
    {"thenAcceptAsync", "java.util.function.Consumer"},
    {"thenRunAsync", "java.lang.Runnable"},
    {"thenCombineAsync", "java.util.concurrent.CompletionStage,java.util.function.BiFunction"},
    {"thenAcceptBothAsync", "java.util.concurrent.CompletionStage,java.util.function.BiConsumer"},
    {"runAfterBothAsync", "java.util.concurrent.CompletionStage,java.lang.Runnable"},
    {"applyToEitherAsync", "java.util.concurrent.CompletionStage,java.util.function.Function"},
    {"acceptEitherAsync", "java.util.concurrent.CompletionStage,java.util.function.Consumer"},
    {"runAfterEitherAsync", "java.util.concurrent.CompletionStage,java.lang.Runnable"},
    {"thenComposeAsync", "java.util.function.Function"},
    {"handleAsync", "java.util.function.BiFunction"},
    {"whenCompleteAsync", "java.util.function.BiConsumer"},
    {"exceptionallyAsync", "java.util.function.Function"},
    {"exceptionallyComposeAsync", "java.util.function.Function"},
  };

  private static final BytecodePolicy DEFAULTS =
      new BytecodePolicy(
          List.of(
              PolicyRule.forbid(
                  "exit",
                  "only the host may end the JVM",
                  "java.lang.System#exit",
                  "java.lang.Runtime#exit",
                  "java.lang.Runtime#halt"),
              PolicyRule.unlessPermitted(
                  "set-accessible",
                  "reflection",
                  "plugins may not break the encapsulation of other code",
                  "java.lang.reflect.AccessibleObject#setAccessible",
                  "java.lang.reflect.AccessibleObject#trySetAccessible"),
              PolicyRule.forbid(
                  "unsafe",
                  "Unsafe bypasses every guarantee of the JVM",
                  "sun.misc.Unsafe#*",
                  "jdk.internal.misc.Unsafe#*"),
              PolicyRule.unlessPermitted(
                  "reflection",
                  "reflection",
                  "reflective calls and method handles reach code this policy cannot see",
                  "java.lang.reflect.Method#invoke",
                  "java.lang.reflect.Constructor#newInstance",
                  "java.lang.Class#newInstance",
                  "java.lang.reflect.Field#set",
                  "java.lang.reflect.Field#setBoolean",
                  "java.lang.reflect.Field#setByte",
                  "java.lang.reflect.Field#setChar",
                  "java.lang.reflect.Field#setShort",
                  "java.lang.reflect.Field#setInt",
                  "java.lang.reflect.Field#setLong",
                  "java.lang.reflect.Field#setFloat",
                  "java.lang.reflect.Field#setDouble",
                  "java.lang.invoke.MethodHandles$Lookup#findStatic",
                  "java.lang.invoke.MethodHandles$Lookup#findVirtual",
                  "java.lang.invoke.MethodHandles$Lookup#findSpecial",
                  "java.lang.invoke.MethodHandles$Lookup#findConstructor",
                  "java.lang.invoke.MethodHandles$Lookup#findGetter",
                  "java.lang.invoke.MethodHandles$Lookup#findSetter",
                  "java.lang.invoke.MethodHandles$Lookup#findStaticGetter",
                  "java.lang.invoke.MethodHandles$Lookup#findStaticSetter",
                  "java.lang.invoke.MethodHandles$Lookup#findVarHandle",
                  "java.lang.invoke.MethodHandles$Lookup#findStaticVarHandle",
                  "java.lang.invoke.MethodHandles$Lookup#bind",
                  "java.lang.invoke.MethodHandles$Lookup#unreflect*",
                  "java.lang.invoke.MethodHandles#privateLookupIn",
                  "java.lang.invoke.ConstantBootstraps#fieldVarHandle",
                  "java.lang.invoke.ConstantBootstraps#staticFieldVarHandle"),
              PolicyRule.unlessPermitted(
                  "define-class",
                  "reflection",
                  "classes defined at run time are never read by this policy",
                  "java.lang.ClassLoader#defineClass",
                  "java.lang.ClassLoader#<init>",
                  "java.net.URLClassLoader#newInstance",
                  "java.lang.invoke.MethodHandles$Lookup#define*",
                  "java.lang.ModuleLayer#defineModules*"),
              PolicyRule.unlessPermitted(
                  "native",
                  "native",
                  "native code is beyond every check of the JVM",
                  "java.lang.System#load",
                  "java.lang.System#loadLibrary",
                  "java.lang.Runtime#load",
                  "java.lang.Runtime#loadLibrary",
                  "java.lang.foreign.Linker#*",
                  "java.lang.foreign.SymbolLookup#libraryLookup",
                  "java.lang.foreign.MemorySegment#reinterpret"),
              PolicyRule.unlessPermitted(
                  "processes",
                  "processes",
                  "starting or ending processes needs a capability that permits it",
                  "java.lang.ProcessBuilder#start",
                  "java.lang.ProcessBuilder#startPipeline",
                  "java.lang.Runtime#exec",
                  "java.lang.ProcessHandle#destroy",
                  "java.lang.ProcessHandle#destroyForcibly"),
              new PolicyRule(
                  "threads",
                  "plugins use their managed executor; own threads would outlive teardown",
                  threadTargets(),
                  Optional.of("threads"))));

  private static List<String> threadTargets() {
    List<String> targets =
        new ArrayList<>(
            List.of(
                "java.lang.Thread#<init>",
                "java.lang.Thread#start",
                "java.lang.Thread#startVirtualThread",
                "java.lang.Thread#ofPlatform",
                "java.lang.Thread#ofVirtual",
                "java.lang.Thread$Builder#*",
                "java.lang.Thread$Builder$OfPlatform#*",
                "java.lang.Thread$Builder$OfVirtual#*",
                "java.lang.Runtime#addShutdownHook",
                "java.util.concurrent.Executors#new*",
                "java.util.concurrent.Executors#defaultThreadFactory",
                "java.util.concurrent.Executors#privilegedThreadFactory",
                "java.util.concurrent.ThreadPoolExecutor#<init>",
                "java.util.concurrent.ForkJoinPool#<init>",
                "java.util.concurrent.ForkJoinPool#commonPool",
                "java.util.concurrent.ForkJoinTask#fork",
                "java.util.concurrent.ForkJoinTask#invokeAll",
                "java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier)",
                "java.util.concurrent.CompletableFuture#runAsync(java.lang.Runnable)",
                "java.util.concurrent.CompletableFuture#completeAsync(java.util.function.Supplier)",
                "java.util.concurrent.CompletableFuture#defaultExecutor",
                "java.util.concurrent.CompletableFuture#delayedExecutor",
                "java.util.concurrent.CompletableFuture#orTimeout",
                "java.util.concurrent.CompletableFuture#completeOnTimeout",
                "java.util.concurrent.SubmissionPublisher#<init>()",
                "java.util.concurrent.StructuredTaskScope#*",
                "java.util.Timer#<init>",
                "java.lang.ref.Cleaner#create",
                "java.net.http.HttpClient#newHttpClient",
                "java.net.http.HttpClient$Builder#build",
                "com.sun.net.httpserver.HttpServer#start",
                "java.nio.file.FileSystem#newWatchService",
                "java.nio.channels.AsynchronousChannelGroup#with*",
                "java.nio.channels.AsynchronousSocketChannel#open",
                "java.nio.channels.AsynchronousServerSocketChannel#open",
                "java.nio.channels.AsynchronousFileChannel#open("
                    + "java.nio.file.Path,java.nio.file.OpenOption[])"));
    for (String[] async : ASYNC_WITHOUT_EXECUTOR) {
      targets.add("java.util.concurrent.CompletionStage#" + async[0] + "(" + async[1] + ")");
    }
    return targets;
  }

  private final Map<String, PolicyRule> rules;

  private BytecodePolicy(List<PolicyRule> rules) {
    Map<String, PolicyRule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    this.rules = byId;
  }

  /**
   * Returns the default policy described above.
   *
   * @return the default policy
   */
  public static BytecodePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy with no rule at all.
   *
   * @return the empty policy
   */
  public static BytecodePolicy none() {
    return new BytecodePolicy(List.of());
  }

  /**
   * Returns this policy plus a rule, replacing a rule of the same id.
   *
   * @param rule the rule
   * @return the new policy
   */
  public BytecodePolicy with(PolicyRule rule) {
    List<PolicyRule> next = new ArrayList<>(rules.values());
    next.removeIf(r -> r.id().equals(rule.id()));
    next.add(rule);
    return new BytecodePolicy(next);
  }

  /**
   * Returns this policy without a rule.
   *
   * @param id the rule's id
   * @return the new policy
   */
  public BytecodePolicy without(String id) {
    List<PolicyRule> next = new ArrayList<>(rules.values());
    next.removeIf(r -> r.id().equals(id));
    return new BytecodePolicy(next);
  }

  /**
   * Returns the rules.
   *
   * @return the rules, in the order they were added
   */
  public List<PolicyRule> rules() {
    return List.copyOf(rules.values());
  }
}
