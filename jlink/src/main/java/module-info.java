/**
 * Build tooling for the demo's runtime image, not part of it: {@link
 * dev.augment.jlink.StartupBenchmark} measures its start-up. The image itself is linked by {@code
 * augment:image} (augment-maven-plugin), the goal any host uses.
 */
module augment.jlink {
  requires java.net.http;
}
