package dev.augment.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * The training run of {@code augment:image}: how to start the host once, so that the classes it
 * loads while starting (and answering one request) go into an application CDS archive.
 *
 * <p>Configured in the pom as {@code <training>} with {@code <launcher>}, {@code <args>}, {@code
 * <ready>} (a regular expression matched against each line the host prints; a named group {@code
 * port} is substituted into {@code <url>}), {@code <url>} (fetched once after the ready line) and
 * {@code <timeoutSeconds>}.
 */
public final class Training {

  /** The launcher whose module and main class the training runs; the first launcher if unset. */
  String launcher;

  /** The host's arguments for the training run. */
  List<String> args = new ArrayList<>();

  /** A regular expression for the line the host prints when it is ready. */
  String ready;

  /** A URL to fetch once the host is ready, with {@code {port}} for the ready line's group. */
  String url;

  /** How long the training may take before it is given up, in seconds. */
  int timeoutSeconds = 120;

  /** Creates an empty training; Maven fills it from the pom. */
  public Training() {}
}
