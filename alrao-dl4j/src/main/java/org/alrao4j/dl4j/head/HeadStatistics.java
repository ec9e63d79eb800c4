package org.alrao4j.dl4j.head;

/** Running per-classifier sums of a head's training statistics (the reference's {@code get_ll_perf}). */
final class HeadStatistics {

    private double[] nllSum;
    private double[] correctSum;
    private long predictions;

    void add(MinibatchStats stats) {
        if (nllSum == null) {
            nllSum = new double[stats.nllSum().length];
            correctSum = new double[stats.nllSum().length];
        }
        for (int j = 0; j < nllSum.length; j++) {
            nllSum[j] += stats.nllSum()[j];
            correctSum[j] += stats.correct()[j];
        }
        predictions += stats.predictions();
    }

    void reset() {
        nllSum = null;
        correctSum = null;
        predictions = 0;
    }

    ClassifierStats snapshot(double[] learningRates, double[] posterior, boolean regression) {
        int n = posterior.length;
        double[] loss = new double[n];
        double[] acc = new double[n];
        for (int j = 0; j < n; j++) {
            loss[j] = predictions > 0 ? nllSum[j] / predictions : Double.NaN;
            acc[j] = predictions > 0 && !regression ? correctSum[j] / predictions : Double.NaN;
        }
        return new ClassifierStats(learningRates, posterior, loss, acc, predictions);
    }
}
