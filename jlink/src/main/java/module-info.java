/**
 * Build tooling for the host runtime image, not part of it: {@link dev.augment.jlink.ImageBuilder}
 * links the image, {@link dev.augment.jlink.StartupBenchmark} measures its start-up.
 */
module augment.jlink {
  requires java.net.http;
}
