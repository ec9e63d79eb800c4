package org.alrao4j.examples.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alrao4j.dl4j.snapshot.Snapshot;

/**
 * The {@code results.json} fields of {@link RunExtras}, appended after the Alrao protocol's fields:
 * {@code sgdr}, {@code snapshots}, {@code ensemble} and {@code hypergradient}, each {@code null} when unused.
 */
final class ExtrasJson {

    private ExtrasJson() {
    }

    /** Appends the fields of {@code r.extras()} to {@code m}, in the documented order. */
    static void put(Map<String, Object> m, RunResult r) {
        RunExtras x = r.extras();
        m.put("sgdr", x.sgdr() == null ? null : sgdr(x.sgdr()));
        m.put("snapshots", x.snapshots() == null ? null : snapshots(x.snapshots(), r.outDir()));
        m.put("ensemble", x.ensemble() == null ? null : ensemble(x.ensemble(), r.outDir()));
        m.put("hypergradient", x.hypergradient() == null ? null : hypergradient(x));
    }

    private static Map<String, Object> sgdr(SgdrSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t0", s.t0());
        m.put("tMult", s.tMult());
        return m;
    }

    private static List<Map<String, Object>> snapshots(List<Snapshot> list, Path dir) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Snapshot s : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file(s, dir));
            m.put("iteration", s.iteration());
            m.put("cycle", s.cycle());
            m.put("validAccuracy", finite(s.accuracy()));
            m.put("validLoss", finite(s.logLoss()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> ensemble(EnsembleReport e, Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", e.mode());
        m.put("metric", e.metric());
        m.put("members", e.members().stream().map(s -> file(s, dir)).toList());
        m.put("testAccuracy", finite(e.testAccuracy()));
        m.put("testLoss", finite(e.testLoss()));
        m.put("singleSnapshotTestAccuracies", e.singleAccuracies());
        m.put("firstKEnsembleTestAccuracies", e.firstKAccuracies());
        return m;
    }

    private static Map<String, Object> hypergradient(RunExtras x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha0", x.hypergradient().alpha0());
        m.put("hypergradLr", x.hypergradient().hypergradLr());
        List<IterationPoint> points = x.iterations();
        m.put("alphaFinal", points.isEmpty() ? null : finite(points.get(points.size() - 1).alpha()));
        return m;
    }

    /** @return the snapshot's file relative to the results folder when inside it, with '/' separators */
    private static String file(Snapshot s, Path dir) {
        Path f = s.file().toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        return (f.startsWith(d) ? d.relativize(f) : f).toString().replace('\\', '/');
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
