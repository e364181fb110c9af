package dev.augment.tools;

import dev.augment.core.LoadTiming;
import dev.augment.core.PluginDependency;
import dev.augment.core.PluginFailure;
import dev.augment.core.PluginManifest;
import dev.augment.core.Rule;
import dev.augment.core.internal.pipeline.DependencyGraph;
import dev.augment.core.internal.pipeline.Duplicates;
import dev.augment.core.internal.pipeline.Pipeline;
import dev.augment.core.internal.plugin.Checked;
import dev.augment.core.internal.plugin.Failures;
import dev.augment.core.internal.plugin.Prepared;
import dev.augment.core.internal.plugin.Source;
import java.lang.module.Configuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges the plugins of one folder as a host's pass does: prepares each, settles names and
 * dependencies on the manifests ({@link Duplicates}, {@link DependencyGraph}), then checks each
 * plugin after its dependencies, against their configurations. The verifier's {@code list} runs it
 * over a folder, its {@code verify} with a folder over the plugin and its neighbours.
 */
final class FolderRun {

  private final Pipeline pipeline;
  private final Map<Source, Failures> sinks = new LinkedHashMap<>();
  private final Map<Source, Prepared> prepared = new LinkedHashMap<>();
  private final Map<Source, long[]> nanos = new HashMap<>();
  private final Set<Source> checked = new HashSet<>();

  private FolderRun(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Judges a folder's candidates.
   *
   * @param pipeline the verifier's pipeline
   * @param sources the candidates, in scan order
   * @param subject the plugin being verified, which takes the place of any neighbour of its name
   *     (as its update would); empty for {@code list}
   * @return one report per candidate that takes part, in the order given
   */
  static List<VerifyReport> run(Pipeline pipeline, List<Source> sources, Optional<Source> subject) {
    return new FolderRun(pipeline).judge(sources, subject);
  }

  private List<VerifyReport> judge(List<Source> given, Optional<Source> subject) {
    List<Source> sources = new ArrayList<>(given);
    List<Prepared> candidates = new ArrayList<>();
    for (Source s : sources) {
      prepare(s, candidates);
    }
    subject.map(prepared::get).ifPresent(p -> dropNamesakes(p, sources, candidates));
    Duplicates.Choice choice = Duplicates.choose(candidates);
    for (Duplicates.Lost lost : choice.lost()) {
      sinks.get(lost.plugin().source()).add(lost.failure());
    }
    // As in a host: dependencies are settled on the manifests, then each plugin is checked after
    // its dependencies, against their configurations.
    Map<String, Rule> refusedEarlier = new HashMap<>();
    for (Source s : sources) {
      Failures out = sinks.get(s);
      if (!out.isEmpty() && !candidates.contains(prepared.get(s))) {
        PluginFailure first = out.failures().get(0);
        refusedEarlier.putIfAbsent(first.plugin(), first.rule());
      }
    }
    DependencyGraph.Plan<Prepared> plan =
        DependencyGraph.plan(choice.chosen(), Prepared::manifest, refusedEarlier);
    plan.refused().forEach((p, r) -> sinks.get(p.source()).add(p.failure(r.rule(), r.detail())));
    checkInWaves(plan);
    // Every other plugin that got this far is checked to the end, on the host's layer alone: the
    // verifier may say more than a host, which stops at the first failure, never less.
    prepared.forEach(
        (s, p) -> {
          if (!choice.chosen().contains(p)) {
            timed(s, () -> pipeline.check(p, sinks.get(s)));
          }
        });
    // The plugin verified is always checked to the end, so that verifying it with its folder says
    // all that verifying it alone says: when a dependency refused it, on the host's layer alone.
    subject
        .filter(s -> prepared.containsKey(s) && !checked.contains(s))
        .ifPresent(s -> timed(s, () -> pipeline.check(prepared.get(s), sinks.get(s))));
    return reports(sources, choice.chosen());
  }

  private void prepare(Source s, List<Prepared> candidates) {
    Failures out = Failures.all();
    sinks.put(s, out);
    long start = System.nanoTime();
    pipeline
        .prepare(s, out)
        .ifPresent(
            p -> {
              prepared.put(s, p);
              // As in a host: only a plugin whose manifest and ranges pass takes part in settling
              // names.
              if (out.isEmpty()) {
                candidates.add(p);
              }
            });
    nanos.put(s, new long[] {System.nanoTime() - start, 0});
  }

  /** The plugin verified takes the place of its namesakes in the folder, as its update would. */
  private void dropNamesakes(Prepared subject, List<Source> sources, List<Prepared> candidates) {
    for (Source s : List.copyOf(sources)) {
      Prepared p = prepared.get(s);
      if (p != null && p != subject && p.name().equals(subject.name())) {
        sources.remove(s);
        candidates.remove(p);
        prepared.remove(s);
        sinks.remove(s);
      }
    }
  }

  private void checkInWaves(DependencyGraph.Plan<Prepared> plan) {
    Map<String, Configuration> resolved = new HashMap<>();
    Map<String, Rule> failed = new HashMap<>();
    for (List<Prepared> wave : plan.waves()) {
      for (Prepared p : wave) {
        Failures out = sinks.get(p.source());
        List<Configuration> dependencies = new ArrayList<>();
        Optional<PluginFailure> refusal = Optional.empty();
        for (DependencyGraph.Edge<Prepared> e : plan.of(p)) {
          Configuration cf = resolved.get(e.target().name());
          if (cf != null) {
            dependencies.add(cf);
          } else if (!e.declared().optional() && refusal.isEmpty()) {
            DependencyGraph.Refusal r =
                DependencyGraph.failed(e.declared(), failed.get(e.target().name()));
            refusal = Optional.of(p.failure(r.rule(), r.detail()));
          }
        }
        if (refusal.isPresent()) {
          out.add(refusal.get());
        } else {
          timed(
              p.source(),
              () ->
                  pipeline
                      .check(p, dependencies, out)
                      .flatMap(Checked::configuration)
                      .filter(cf -> out.isEmpty())
                      .ifPresent(cf -> resolved.put(p.name(), cf)));
        }
        if (!out.isEmpty()) {
          failed.put(p.name(), out.failures().get(0).rule());
        }
      }
    }
  }

  private void timed(Source s, Runnable check) {
    checked.add(s);
    long start = System.nanoTime();
    check.run();
    nanos.get(s)[1] = System.nanoTime() - start;
  }

  private List<VerifyReport> reports(List<Source> sources, List<Prepared> chosen) {
    Map<String, Prepared> byName = new HashMap<>();
    // A name's winner first; else the first plugin of that name whose manifest could be read, so
    // that a dependency refused for its manifest's ranges is named with its version.
    chosen.forEach(p -> byName.put(p.name(), p));
    prepared.values().forEach(p -> byName.putIfAbsent(p.name(), p));
    Map<String, TreeSet<String>> dependents = new HashMap<>();
    Map<Source, List<DependencyLink>> links = new HashMap<>();
    for (Source s : sources) {
      Prepared p = prepared.get(s);
      List<DependencyLink> out = new ArrayList<>();
      if (p != null) {
        for (PluginDependency d : p.manifest().dependencies()) {
          DependencyLink link = link(d, Optional.ofNullable(byName.get(d.name())));
          out.add(link);
          if (link.state() == DependencyLink.State.RESOLVED && chosen.contains(p)) {
            dependents.computeIfAbsent(d.name(), n -> new TreeSet<>()).add(p.name());
          }
        }
      }
      links.put(s, out);
    }
    List<VerifyReport> reports = new ArrayList<>();
    for (Source s : sources) {
      long[] took = nanos.get(s);
      LoadTiming timing =
          new LoadTiming(
              Duration.ofNanos(took[0]),
              Duration.ofNanos(took[1]),
              Duration.ZERO,
              Duration.ZERO,
              Duration.ZERO);
      Optional<Prepared> p = Optional.ofNullable(prepared.get(s));
      List<String> by =
          p.filter(chosen::contains)
              .map(x -> List.copyOf(dependents.getOrDefault(x.name(), new TreeSet<>())))
              .orElse(List.of());
      reports.add(
          new VerifyReport(
              s.path(),
              p.map(Prepared::manifest),
              sinks.get(s).failures(),
              Optional.of(timing),
              links.get(s),
              by));
    }
    return reports;
  }

  private DependencyLink link(PluginDependency d, Optional<Prepared> target) {
    if (target.isEmpty()) {
      return new DependencyLink(
          d,
          Optional.empty(),
          d.optional() ? DependencyLink.State.ABSENT : DependencyLink.State.MISSING);
    }
    PluginManifest found = target.get().manifest();
    DependencyLink.State state;
    if (!d.range().test(found.version())) {
      state = DependencyLink.State.OUT_OF_RANGE;
    } else if (!sinks.get(target.get().source()).isEmpty()) {
      state = DependencyLink.State.REFUSED;
    } else {
      state = DependencyLink.State.RESOLVED;
    }
    return new DependencyLink(d, Optional.of(found), state);
  }
}
