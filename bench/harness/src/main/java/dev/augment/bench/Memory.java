package dev.augment.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a JVM holds after full collections: resident set, used heap, used metaspace.
 *
 * @param rssBytes {@code VmRSS} from {@code /proc/self/status}, or -1 where there is none
 * @param heapBytes used heap
 * @param metaspaceBytes used metaspace
 */
record Memory(long rssBytes, long heapBytes, long metaspaceBytes) {

  /** Collects twice (a full GC unloads classes), then reads the figures. */
  static Memory afterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long metaspace =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getName().equals("Metaspace"))
            .mapToLong(p -> p.getUsage().getUsed())
            .sum();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Memory(rss(), heap, metaspace);
  }

  private static long rss() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    try {
      return Files.readAllLines(status).stream()
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints the figures as result lines with a prefix. */
  void print(String prefix) {
    Child.result(prefix + "rss", rssBytes);
    Child.result(prefix + "heap", heapBytes);
    Child.result(prefix + "metaspace", metaspaceBytes);
  }
}
