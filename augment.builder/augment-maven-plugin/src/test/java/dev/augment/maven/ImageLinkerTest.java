package dev.augment.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augment.fixtures.Jars;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links real images with the JDK's jlink and runs their launchers as processes. */
class ImageLinkerTest {

  @TempDir static Path tmp;

  private static Path image;
  private static ImageLinker.Result result;

  @BeforeAll
  static void linkAnImageOfOneModule() throws Exception {
    Path app =
        Jars.of()
            .source("module-info.java", "module demo.app { }")
            .source(
                "demo/app/Main.java",
                """
                package demo.app;
                public class Main {
                  public static void main(String[] args) throws Exception {
                    System.out.println("home=" + System.getProperty("augment.home")
                        + " option=" + System.getProperty("demo.option")
                        + " args=" + String.join(",", args));
                    if (args.length > 0 && args[0].equals("wait")) {
                      Thread.sleep(120_000);
                    }
                  }
                }
                """)
            .writeTo(tmp.resolve("demo-app.jar"));
    Path zip = Files.writeString(tmp.resolve("built.zip"), "not opened by the linker");
    image = tmp.resolve("image");
    result =
        new ImageLinker()
            .modules(List.of(app))
            .launcher(ImageLinker.Launcher.parse("demo=demo.app/demo.app.Main"))
            .jvmOptions(List.of("-Ddemo.option=it's on"))
            .plugins(Map.of("sample-1.0.0.zip", zip))
            .link(image, Optional.of("demo.app"));
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void theImageHoldsTheHostsModulesAndOnlyTheJdkModulesTheyNeed() throws Exception {
    String modules = run(image.resolve("bin/java").toString(), "--list-modules");
    assertEquals(
        List.of("demo.app", "java.base"),
        modules.lines().map(l -> l.split("@")[0]).sorted().toList());
    assertEquals(List.of("demo.app"), result.roots());
  }

  @Test
  void theLauncherPassesTheImageHomeTheJvmOptionsAndTheArguments() throws Exception {
    String out = run(image.resolve("bin/demo").toString(), "a", "b c");
    assertEquals(
        "home=" + image.toRealPath() + " option=it's on args=a,b c\n", out, "launcher output");
    assertTrue(Files.isRegularFile(image.resolve("plugins/sample-1.0.0.zip")), "plugins/");
  }

  @Test
  void theLauncherExecsJavaSoASigtermReachesTheJvm() throws Exception {
    Process p = new ProcessBuilder(image.resolve("bin/demo").toString(), "wait").start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertTrue(out.readLine().startsWith("home="));
      // exec: the launcher's own process is the JVM, so it has no java child.
      assertTrue(
          p.toHandle().info().command().orElse("").endsWith("java"),
          p.toHandle().info().toString());
      assertEquals(0, p.toHandle().children().count());
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGTERM stops the JVM");
    }
  }

  @Test
  void theCdsArchiveIsDumpedWithItsOutputInALogAndOneSummaryLine() throws Exception {
    assertTrue(Files.isRegularFile(image.resolve("lib/server/classes.jsa")));
    Path log = tmp.resolve("image-cds.log");
    assertTrue(Files.readString(log).contains("-Xshare:dump"), Files.readString(log));
    assertTrue(result.cds().startsWith("CDS archive lib/server/classes.jsa ("), result.cds());
    assertTrue(result.cds().endsWith("in image-cds.log"), result.cds());
    assertEquals(1, result.cds().lines().count());
  }

  @Test
  void anAotCacheIsMappedOnlyByTheLaunchersOfTheTrainedModuleADynamicArchiveByAll() {
    String trained = "acme.host/acme.host.Server";
    assertTrue(AppCdsArchive.AOT.mappedBy("acme.host/acme.host.Admin", trained));
    assertFalse(AppCdsArchive.AOT.mappedBy("acme.cli/acme.cli.Main", trained));
    assertFalse(AppCdsArchive.AOT.mappedBy("acme.hostile/acme.host.Server", trained));
    assertTrue(AppCdsArchive.DYNAMIC.mappedBy("acme.cli/acme.cli.Main", trained));
  }

  @Test
  void aPlainJarIsRefusedBeforeJlinkRunsWithTheFileNamed() {
    Path plain =
        Jars.of()
            .source("lib/Util.java", "package lib; public class Util {}")
            .writeTo(tmp.resolve("plain-lib-1.0.jar"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ImageLinker()
                    .modules(List.of(plain))
                    .cds(false)
                    .link(tmp.resolve("refused"), Optional.empty()));
    assertTrue(
        e.getMessage().startsWith("plain-lib-1.0.jar has no module-info.class"), e.getMessage());
    assertTrue(e.getMessage().contains("automatic module 'plain.lib'"), e.getMessage());
    assertTrue(Files.notExists(tmp.resolve("refused")));
  }

  @Test
  void aLauncherSpecMustNameAModule() {
    assertThrows(IllegalArgumentException.class, () -> ImageLinker.Launcher.parse("demo"));
    assertEquals(
        new ImageLinker.Launcher("demo", "demo.app", Optional.empty()),
        ImageLinker.Launcher.parse("demo=demo.app"));
  }
}
