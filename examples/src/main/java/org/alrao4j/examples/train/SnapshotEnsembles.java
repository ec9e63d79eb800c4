package org.alrao4j.examples.train;

import java.util.List;

import org.alrao4j.dl4j.data.LabeledImages;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.alrao4j.dl4j.snapshot.EnsembleEvaluation;
import org.alrao4j.dl4j.snapshot.Snapshot;
import org.alrao4j.dl4j.snapshot.SnapshotEnsemble;
import org.alrao4j.dl4j.snapshot.SnapshotMetric;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Evaluates snapshot ensembles on the test split: every kept snapshot alone and the growing ensemble of the
 * first k (one pass per snapshot, one network in memory at a time), then the chosen ensemble of m.
 */
public final class SnapshotEnsembles {

    private static final int EVAL_BATCH = 200;

    private SnapshotEnsembles() {
    }

    /**
     * @param images     labelled images (the validation or test split)
     * @param numClasses number of classes
     * @return an in-order, resettable iterator over them, as snapshots and ensembles need; {@code null} if empty
     */
    public static DataSetIterator iterator(LabeledImages images, int numClasses) {
        return images.size() == 0 ? null
                : new ShufflingDataSetIterator(images.toDataSet(numClasses), EVAL_BATCH, false, 0);
    }

    /**
     * @param snapshots the kept snapshots (at least one)
     * @param m         ensemble size, {@code 1 <= m <= snapshots.size()}
     * @param best      whether to take the best m by {@code metric} on validation (else the last m)
     * @param metric    ranking metric of the best m
     * @param test      the test data, in a fixed order
     * @return the report
     */
    public static EnsembleReport evaluate(List<Snapshot> snapshots, int m, boolean best, SnapshotMetric metric,
                                          DataSetIterator test) {
        SnapshotEnsemble all = SnapshotEnsemble.of(snapshots);
        EnsembleEvaluation detailed = all.evaluateDetailed(test);
        SnapshotEnsemble chosen = best ? SnapshotEnsemble.bestM(snapshots, m, metric)
                : SnapshotEnsemble.lastM(snapshots, m);
        double accuracy;
        double loss;
        if (chosen.members().equals(all.members())) {
            accuracy = detailed.ensemble().accuracy();
            loss = detailed.ensembleLogLoss();
        } else {
            EnsembleEvaluation own = chosen.evaluateDetailed(test);
            accuracy = own.ensemble().accuracy();
            loss = own.ensembleLogLoss();
        }
        int n = detailed.members().size();
        double[] single = new double[n];
        double[] singleLoss = new double[n];
        double[] firstK = new double[n];
        for (int k = 0; k < n; k++) {
            single[k] = detailed.memberEvaluations().get(k).accuracy();
            singleLoss[k] = detailed.memberLogLoss().get(k);
            firstK[k] = detailed.prefixEvaluations().get(k).accuracy();
        }
        return new EnsembleReport(best ? "best" : "last", best ? metricName(metric) : null, chosen.members(),
                accuracy, loss, detailed.members(), single, singleLoss, firstK);
    }

    /** @return "loss" or "accuracy" */
    public static String metricName(SnapshotMetric metric) {
        return metric == SnapshotMetric.LOG_LOSS ? "loss" : "accuracy";
    }

    /** @return a console table: each snapshot alone, the first-k ensemble, and the chosen ensemble */
    public static String table(EnsembleReport r) {
        StringBuilder sb = new StringBuilder(String.format("%-9s %-10s %-10s %-10s %-12s%n", "snapshot", "iteration",
                "test acc", "test loss", "first-k acc"));
        for (int k = 0; k < r.all().size(); k++) {
            sb.append(String.format("%-9d %-10d %-10.4f %-10.4f %-12.4f%n", k + 1, r.all().get(k).iteration(),
                    r.singleAccuracies()[k], r.singleLosses()[k], r.firstKAccuracies()[k]));
        }
        return sb.toString();
    }
}
