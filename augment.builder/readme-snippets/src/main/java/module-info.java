/**
 * The README's host snippet, as a module that runs: {@code java -p ... -m
 * augment.readme/dev.augment.readme.ReadmeHost plugins}. Exports nothing.
 */
module augment.readme {
  requires augment.core;
  requires augment.example.contract;
  requires org.slf4j;

  uses dev.augment.example.contract.Route;
}
