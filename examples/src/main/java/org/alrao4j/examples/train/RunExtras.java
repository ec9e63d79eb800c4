package org.alrao4j.examples.train;

import java.util.List;

import org.alrao4j.dl4j.snapshot.Snapshot;

/**
 * What a run reports beyond the Alrao protocol: the SGDR setting, the snapshots and their ensemble, the
 * hypergradient setting, and the learning rate (and alpha) of every update.
 *
 * @param sgdr          the {@code --sgdr} setting, or {@code null}
 * @param snapshots     the kept snapshots, oldest first, or {@code null} without {@code --snapshots}
 * @param ensemble      the snapshot ensemble's test results, or {@code null}
 * @param hypergradient the hypergradient optimizer's setting, or {@code null} for SGD and Adam
 * @param iterations    one point per update (empty if not recorded)
 */
public record RunExtras(SgdrSpec sgdr, List<Snapshot> snapshots, EnsembleReport ensemble,
                        Hypergradient hypergradient, List<IterationPoint> iterations) {

    /** Nothing beyond the Alrao protocol. */
    public static final RunExtras NONE = new RunExtras(null, null, null, null, List.of());

    /** Copies the lists. */
    public RunExtras {
        snapshots = snapshots == null ? null : List.copyOf(snapshots);
        iterations = List.copyOf(iterations);
    }

    /**
     * A hypergradient optimizer's setting.
     *
     * @param alpha0      initial learning rate ({@code --lr})
     * @param hypergradLr hypergradient learning rate beta
     */
    public record Hypergradient(double alpha0, double hypergradLr) {
    }
}
