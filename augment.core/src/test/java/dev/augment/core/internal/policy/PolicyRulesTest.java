package dev.augment.core.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.core.BytecodePolicy;
import dev.augment.core.PolicyRule;
import dev.augment.fixtures.Jars;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Each default rule against tiny plugin classes: one class per JDK API, compiled with javax.tools
 * (or, for JDK 21+ APIs and constants javac never writes, generated with ASM), scanned as a
 * plugin's jars are, and checked with and without the permission that waives the rule.
 */
class PolicyRulesTest {

  @TempDir static Path tmp;

  /** Case name to the body of its {@code run} method; {@code r}, {@code t}, {@code s} ... given. */
  private static final Map<String, String> CASES = new LinkedHashMap<>();

  private static List<PolicyCheck.Violation> violations;
  private static List<PolicyCheck.Violation> threadsPermitted;
  private static ClassScanner.Scan scan;

  private static void body(String name, String code) {
    CASES.put(name, code);
  }

  static {
    // threads
    body("newThread", "new Thread(r);");
    body("threadStart", "t.start();");
    body("threadSubclass", "new Worker();");
    body("shutdownHook", "Runtime.getRuntime().addShutdownHook(t);");
    body("fixedPool", "Executors.newFixedThreadPool(2);");
    body("cachedPool", "Executors.newCachedThreadPool();");
    body("singleThread", "Executors.newSingleThreadExecutor();");
    body("scheduledPool", "Executors.newScheduledThreadPool(1);");
    body("singleScheduled", "Executors.newSingleThreadScheduledExecutor();");
    body("workStealing", "Executors.newWorkStealingPool();");
    body("defaultFactory", "Executors.defaultThreadFactory();");
    body("privilegedFactory", "Executors.privilegedThreadFactory();");
    body(
        "threadPoolExecutor",
        "new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());");
    body("scheduledExecutor", "new ScheduledThreadPoolExecutor(1);");
    body("forkJoinPool", "new ForkJoinPool();");
    body("commonPool", "ForkJoinPool.commonPool();");
    body("fork", "task.fork();");
    body("invokeAll", "ForkJoinTask.invokeAll(task, task);");
    body("supplyAsync", "CompletableFuture.supplyAsync(s);");
    body("runAsync", "CompletableFuture.runAsync(r);");
    body("thenApplyAsync", "f.thenApplyAsync(x -> x);");
    body("stageAsync", "stage.thenAcceptAsync(x -> {});");
    body("completeAsync", "f.completeAsync(s);");
    body("defaultExecutor", "f.defaultExecutor();");
    body("delayedExecutor", "CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);");
    body("orTimeout", "f.orTimeout(1, TimeUnit.SECONDS);");
    body("completeOnTimeout", "f.completeOnTimeout(\"\", 1, TimeUnit.SECONDS);");
    body("submissionPublisher", "new SubmissionPublisher<String>();");
    body("timer", "new java.util.Timer();");
    body("cleaner", "java.lang.ref.Cleaner.create();");
    body("httpClient", "java.net.http.HttpClient.newHttpClient();");
    body("httpClientBuilder", "java.net.http.HttpClient.newBuilder().build();");
    body("httpServer", "com.sun.net.httpserver.HttpServer.create().start();");
    body("watchService", "java.nio.file.FileSystems.getDefault().newWatchService();");
    body("channelGroup", "AsynchronousChannelGroup.withFixedThreadPool(1, Thread::new);");
    body("socketChannel", "AsynchronousSocketChannel.open();");
    body("serverSocketChannel", "AsynchronousServerSocketChannel.open();");
    body("fileChannel", "AsynchronousFileChannel.open(p);");
    // processes
    body("processBuilder", "new ProcessBuilder(\"true\").start();");
    body("pipeline", "ProcessBuilder.startPipeline(List.of(new ProcessBuilder(\"true\")));");
    body("exec", "Runtime.getRuntime().exec(\"true\");");
    body("destroyParent", "ProcessHandle.current().parent().ifPresent(ProcessHandle::destroy);");
    body("destroyForcibly", "ProcessHandle.of(1).ifPresent(ProcessHandle::destroyForcibly);");
    // what the threads and processes rules leave alone
    body("okAsyncWithExecutor", "CompletableFuture.supplyAsync(s, e).thenApplyAsync(x -> x, e);");
    body("okParallelStream", "List.of(1, 2).parallelStream().count();");
    body("okCurrentThread", "Thread.currentThread().getName(); Thread.sleep(1);");
    body("okPublisherWithExecutor", "new SubmissionPublisher<String>(e, 8);");
    body("okFileChannelWithExecutor", "AsynchronousFileChannel.open(p, Set.of(), e);");
    body("okProcessInfo", "ProcessHandle.current().pid();");
  }

  @BeforeAll
  static void compileAndScan() throws IOException {
    Jars jars = Jars.of();
    StringBuilder imports =
        new StringBuilder(
            "package cases;\nimport java.util.*;\nimport java.util.concurrent.*;\n"
                + "import java.util.function.*;\nimport java.nio.channels.*;\n");
    for (Map.Entry<String, String> c : CASES.entrySet()) {
      jars.source(
          "cases/" + cap(c.getKey()) + ".java",
          imports
              + "public class "
              + cap(c.getKey())
              + " {\n  public static void run(Runnable r, Thread t, Supplier<String> s,"
              + " CompletableFuture<String> f, CompletionStage<String> stage,"
              + " ForkJoinTask<?> task, ExecutorService e, java.nio.file.Path p)"
              + " throws Exception {\n    "
              + c.getValue()
              + "\n  }\n}\n");
    }
    jars.source("cases/Worker.java", "package cases; class Worker extends Thread {}");
    Path compiled = jars.writeTo(tmp.resolve("cases.jar"));
    Path generated = generated(tmp.resolve("generated.jar"));
    List<ModuleReference> refs = List.copyOf(ModuleFinder.of(compiled, generated).findAll());
    scan = ClassScanner.scan(refs);
    violations = PolicyCheck.violations(BytecodePolicy.defaults(), scan, Set.of());
    threadsPermitted =
        PolicyCheck.violations(BytecodePolicy.defaults(), scan, Set.of("threads", "processes"));
  }

  /** Case classes are named {@code C<Case>}, so that none shadows the JDK type it calls. */
  private static String cap(String name) {
    return "C" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static List<String> of(String caseClass, List<PolicyCheck.Violation> found) {
    return found.stream()
        .filter(v -> v.reference().fromClass().equals("cases.C" + caseClass))
        .map(PolicyCheck.Violation::describe)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "NewThread | threads | calls java.lang.Thread.<init>",
        "ThreadStart | threads | calls java.lang.Thread.start",
        "ThreadSubclass | threads | calls cases.Worker.<init>",
        "ShutdownHook | threads | calls java.lang.Runtime.addShutdownHook",
        "FixedPool | threads | calls java.util.concurrent.Executors.newFixedThreadPool",
        "CachedPool | threads | Executors.newCachedThreadPool",
        "SingleThread | threads | Executors.newSingleThreadExecutor",
        "ScheduledPool | threads | Executors.newScheduledThreadPool",
        "SingleScheduled | threads | Executors.newSingleThreadScheduledExecutor",
        "WorkStealing | threads | Executors.newWorkStealingPool",
        "DefaultFactory | threads | Executors.defaultThreadFactory",
        "PrivilegedFactory | threads | Executors.privilegedThreadFactory",
        "ThreadPoolExecutor | threads | calls java.util.concurrent.ThreadPoolExecutor.<init>",
        "ScheduledExecutor | threads | ScheduledThreadPoolExecutor.<init>",
        "ForkJoinPool | threads | calls java.util.concurrent.ForkJoinPool.<init>",
        "CommonPool | threads | ForkJoinPool.commonPool",
        "Fork | threads | ForkJoinTask.fork",
        "InvokeAll | threads | ForkJoinTask.invokeAll",
        "SupplyAsync | threads | CompletableFuture.supplyAsync(java.util.function.Supplier)",
        "RunAsync | threads | CompletableFuture.runAsync(java.lang.Runnable)",
        "ThenApplyAsync | threads | CompletableFuture.thenApplyAsync(java.util.function.Function)",
        "StageAsync | threads | CompletionStage.thenAcceptAsync(java.util.function.Consumer)",
        "CompleteAsync | threads | CompletableFuture.completeAsync",
        "DefaultExecutor | threads | CompletableFuture.defaultExecutor",
        "DelayedExecutor | threads | CompletableFuture.delayedExecutor",
        "OrTimeout | threads | CompletableFuture.orTimeout",
        "CompleteOnTimeout | threads | CompletableFuture.completeOnTimeout",
        "SubmissionPublisher | threads | SubmissionPublisher.<init>()",
        "Timer | threads | calls java.util.Timer.<init>",
        "Cleaner | threads | calls java.lang.ref.Cleaner.create",
        "HttpClient | threads | calls java.net.http.HttpClient.newHttpClient",
        "HttpClientBuilder | threads | HttpClient$Builder.build",
        "HttpServer | threads | calls com.sun.net.httpserver.HttpServer.start",
        "WatchService | threads | FileSystem.newWatchService",
        "ChannelGroup | threads | AsynchronousChannelGroup.withFixedThreadPool",
        "SocketChannel | threads | AsynchronousSocketChannel.open",
        "ServerSocketChannel | threads | AsynchronousServerSocketChannel.open",
        "FileChannel | threads | AsynchronousFileChannel.open(java.nio.file.Path,"
            + " java.nio.file.OpenOption[])",
        "StartVirtualThread | threads | calls java.lang.Thread.startVirtualThread",
        "OfVirtual | threads | calls java.lang.Thread.ofVirtual",
        "OfVirtual | threads | calls java.lang.Thread$Builder$OfVirtual.start",
        "OfPlatform | threads | calls java.lang.Thread$Builder$OfPlatform.unstarted",
        "VirtualPerTask | threads | Executors.newVirtualThreadPerTaskExecutor",
        "StructuredScope | threads | calls java.util.concurrent.StructuredTaskScope.open",
        "ProcessBuilder | processes | calls java.lang.ProcessBuilder.start",
        "Pipeline | processes | calls java.lang.ProcessBuilder.startPipeline",
        "Exec | processes | calls java.lang.Runtime.exec",
        "DestroyParent | processes | calls java.lang.ProcessHandle.destroy",
        "DestroyForcibly | processes | calls java.lang.ProcessHandle.destroyForcibly",
        "CondyExit | exit | calls java.lang.System.exit",
        "CondyVarHandle | reflection | calls java.lang.invoke.ConstantBootstraps.staticFieldVarHandle",
      })
  void eachApiIsRefusedByItsRuleAndWaivedByItsPermission(
      String caseClass, String rule, String call) {
    List<String> found = of(caseClass, violations);
    assertTrue(
        found.stream().anyMatch(d -> d.contains(call) && d.contains("rule [" + rule + "]")),
        caseClass + " is refused for " + call + ": " + found);
    assertTrue(
        found.stream().allMatch(d -> d.startsWith("cases.C" + caseClass + ".run (line ")),
        "names the class, method and line: " + found);
    if (rule.equals("threads") || rule.equals("processes")) {
      assertEquals(List.of(), of(caseClass, threadsPermitted), "the permission waives it");
    }
  }

  @Test
  void whatTheRulesLeaveAloneIsNotRefused() {
    for (String ok :
        List.of(
            "OkAsyncWithExecutor",
            "OkParallelStream",
            "OkCurrentThread",
            "OkPublisherWithExecutor",
            "OkFileChannelWithExecutor",
            "OkProcessInfo",
            "Lambdas")) {
      assertEquals(List.of(), of(ok, violations), ok);
    }
  }

  @Test
  void bootstrapMethodsAndDynamicConstantsAreReferences() {
    // javac's lambdas, string concatenation and records name their bootstrap methods too; those
    // stay allowed, and a dynamic constant's bootstrap and arguments are seen.
    assertTrue(
        scan.references().stream()
            .anyMatch(
                r ->
                    r.fromClass().equals("cases.CLambdas")
                        && r.owner().equals("java/lang/invoke/LambdaMetafactory")),
        "the lambda's bootstrap method is recorded");
    assertTrue(
        scan.references().stream()
            .anyMatch(
                r ->
                    r.fromClass().equals("cases.CCondyExit")
                        && r.owner().equals("java/lang/invoke/ConstantBootstraps")
                        && r.member().equals("invoke")));
  }

  @Test
  void targetsMayNameAnOverload() {
    PolicyRule.Target t =
        PolicyRule.Target.parse(
            "java.util.concurrent.CompletableFuture#supplyAsync(java.util.function.Supplier)");
    assertEquals("java/util/concurrent/CompletableFuture", t.internalOwner());
    assertEquals(Optional.of(List.of("java.util.function.Supplier")), t.parameters());
    assertTrue(t.matchesMember("supplyAsync", Optional.of(List.of("java.util.function.Supplier"))));
    assertFalse(
        t.matchesMember(
            "supplyAsync",
            Optional.of(List.of("java.util.function.Supplier", "java.util.concurrent.Executor"))));
    assertFalse(t.matchesMember("*", Optional.empty()));
    PolicyRule.Target none =
        PolicyRule.Target.parse("java.util.concurrent.SubmissionPublisher#<init>()");
    assertEquals(Optional.of(List.of()), none.parameters());
    PolicyRule.Target arrays = PolicyRule.Target.parse("a.B#m(int, java.lang.String[][])");
    assertEquals(Optional.of(List.of("int", "java.lang.String[][]")), arrays.parameters());
    PolicyRule.Target any = PolicyRule.Target.parse("sun.misc.Unsafe#*");
    assertTrue(any.matchesMember("*", Optional.empty()));
    assertTrue(PolicyRule.Target.parse("a.B#new*").matchesName("newThing"));
    assertFalse(PolicyRule.Target.parse("a.B#new*").matchesName("*"));
    for (String bad : List.of("a.B#m(", "a.B#(int)", "a.B#m*(int)", "a.B#m(int-x)", "a.B#m(,)")) {
      assertThrows(IllegalArgumentException.class, () -> PolicyRule.forbid("x", "y", bad), bad);
    }
  }

  @Test
  void everyDefaultTargetIsDocumented() throws IOException {
    // docs/rules.md lists every target of every default rule, so the two cannot drift.
    String docs = Files.readString(Path.of("../docs/rules.md"));
    for (PolicyRule rule : BytecodePolicy.defaults().rules()) {
      for (String target : rule.targets()) {
        assertTrue(docs.contains("`" + target + "`"), "docs/rules.md lists " + target);
      }
    }
  }

  /** Class files javac for release 17 cannot write: JDK 21+ APIs and dynamic constants. */
  private static Path generated(Path jar) throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    classes.put(
        "StartVirtualThread",
        asm(
            "StartVirtualThread",
            m -> {
              m.visitInsn(Opcodes.ACONST_NULL);
              m.visitMethodInsn(
                  Opcodes.INVOKESTATIC,
                  "java/lang/Thread",
                  "startVirtualThread",
                  "(Ljava/lang/Runnable;)Ljava/lang/Thread;",
                  false);
            }));
    classes.put(
        "OfVirtual",
        asm(
            "OfVirtual",
            m -> {
              m.visitMethodInsn(
                  Opcodes.INVOKESTATIC,
                  "java/lang/Thread",
                  "ofVirtual",
                  "()Ljava/lang/Thread$Builder$OfVirtual;",
                  false);
              m.visitInsn(Opcodes.ACONST_NULL);
              m.visitMethodInsn(
                  Opcodes.INVOKEINTERFACE,
                  "java/lang/Thread$Builder$OfVirtual",
                  "start",
                  "(Ljava/lang/Runnable;)Ljava/lang/Thread;",
                  true);
            }));
    classes.put(
        "OfPlatform",
        asm(
            "OfPlatform",
            m -> {
              m.visitInsn(Opcodes.ACONST_NULL);
              m.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/Thread$Builder$OfPlatform");
              m.visitInsn(Opcodes.ACONST_NULL);
              m.visitMethodInsn(
                  Opcodes.INVOKEINTERFACE,
                  "java/lang/Thread$Builder$OfPlatform",
                  "unstarted",
                  "(Ljava/lang/Runnable;)Ljava/lang/Thread;",
                  true);
            }));
    classes.put(
        "VirtualPerTask",
        asm(
            "VirtualPerTask",
            m ->
                m.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    "java/util/concurrent/Executors",
                    "newVirtualThreadPerTaskExecutor",
                    "()Ljava/util/concurrent/ExecutorService;",
                    false)));
    classes.put(
        "StructuredScope",
        asm(
            "StructuredScope",
            m ->
                m.visitMethodInsn(
                    Opcodes.INVOKESTATIC,
                    "java/util/concurrent/StructuredTaskScope",
                    "open",
                    "()Ljava/util/concurrent/StructuredTaskScope;",
                    true)));
    Handle invoke =
        new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/ConstantBootstraps",
            "invoke",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
                + "Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;)Ljava/lang/Object;",
            false);
    Handle exit = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
    classes.put(
        "CondyExit",
        asm(
            "CondyExit",
            m -> m.visitLdcInsn(new ConstantDynamic("x", "Ljava/lang/Object;", invoke, exit, 3))));
    Handle varHandle =
        new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/ConstantBootstraps",
            "staticFieldVarHandle",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
                + "Ljava/lang/Class;Ljava/lang/Class;)Ljava/lang/invoke/VarHandle;",
            false);
    classes.put(
        "CondyVarHandle",
        asm(
            "CondyVarHandle",
            m ->
                m.visitLdcInsn(
                    new ConstantDynamic(
                        "out",
                        "Ljava/lang/invoke/VarHandle;",
                        varHandle,
                        org.objectweb.asm.Type.getType(System.class),
                        org.objectweb.asm.Type.getType(java.io.PrintStream.class)))));
    classes.put(
        "Lambdas",
        asm(
            "Lambdas",
            m ->
                m.visitInvokeDynamicInsn(
                    "run",
                    "()Ljava/lang/Runnable;",
                    new Handle(
                        Opcodes.H_INVOKESTATIC,
                        "java/lang/invoke/LambdaMetafactory",
                        "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
                            + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                            + "Ljava/lang/invoke/CallSite;",
                        false),
                    org.objectweb.asm.Type.getType("()V"),
                    new Handle(Opcodes.H_INVOKESTATIC, "cases/CLambdas", "run", "()V", false),
                    org.objectweb.asm.Type.getType("()V"))));
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, byte[]> c : classes.entrySet()) {
        out.putNextEntry(new JarEntry("cases/C" + c.getKey() + ".class"));
        out.write(c.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  private static byte[] asm(String name, Consumer<MethodVisitor> body) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "cases/C" + name, null, "java/lang/Object", null);
    MethodVisitor m =
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
    m.visitCode();
    Label start = new Label();
    m.visitLabel(start);
    m.visitLineNumber(7, start);
    body.accept(m);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
