/**
 * The contract of the benchmark plugins: {@link dev.augment.bench.contract.Greeter}, and the {@link
 * dev.augment.bench.contract.Ping} event the hook benchmark emits.
 *
 * <p>The same jar is a named module in the boot layer for Augment and the raw JDK, and a plain jar
 * on the class path for PF4J.
 */
module augment.bench.contract {
  exports dev.augment.bench.contract;
}
