/**
 * The contract between the host and its plugins: plugins {@code provides ${package}.contract.${contract}
 * with ...}; the host runs them.
 *
 * <p>The host's boot layer holds this module; a plugin must never carry a copy of it. Its version
 * (the project's, set by the compiler) is what plugins' {@code compatibility.contract} ranges are
 * checked against: change it with care.
 */
module ${package}.contract {
  exports ${package}.contract;
}
