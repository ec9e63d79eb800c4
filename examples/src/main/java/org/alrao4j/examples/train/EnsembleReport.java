package org.alrao4j.examples.train;

import java.util.List;

import org.alrao4j.dl4j.snapshot.Snapshot;

/**
 * The snapshot ensemble's test results, for {@code results.json} ({@code ensemble}) and {@code ensemble.png}.
 *
 * @param mode                "last" or "best"
 * @param metric              the validation metric that ranked the snapshots ("loss", "accuracy"), {@code null}
 *                            for "last"
 * @param members             the chosen m snapshots, oldest first
 * @param testAccuracy        test accuracy of the chosen ensemble (averaged probabilities)
 * @param testLoss            test log-loss of the chosen ensemble, in nats
 * @param all                 every kept snapshot, oldest first
 * @param singleAccuracies    test accuracy of each snapshot of {@code all} alone
 * @param singleLosses        test log-loss of each snapshot of {@code all} alone
 * @param firstKAccuracies    test accuracy of the ensemble of the first k snapshots of {@code all}, k = 1..n
 */
public record EnsembleReport(String mode, String metric, List<Snapshot> members, double testAccuracy,
                             double testLoss, List<Snapshot> all, double[] singleAccuracies, double[] singleLosses,
                             double[] firstKAccuracies) {

    /** Copies the lists. */
    public EnsembleReport {
        members = List.copyOf(members);
        all = List.copyOf(all);
    }
}
