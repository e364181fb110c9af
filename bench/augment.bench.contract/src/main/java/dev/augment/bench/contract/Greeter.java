package dev.augment.bench.contract;

/** What every benchmark plugin provides: one class, one method. */
public interface Greeter {

  /**
   * Greets someone.
   *
   * @param who whom to greet
   * @return the greeting
   */
  String greet(String who);
}
