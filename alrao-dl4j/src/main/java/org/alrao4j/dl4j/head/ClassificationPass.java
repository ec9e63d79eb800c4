package org.alrao4j.dl4j.head;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One host-side pass over a classification minibatch's log-probabilities and labels: the Switch's and the
 * diagnostics' statistics, and, when every labelled row is one-hot, each row's responsibilities
 * {@code r_mj = a_j p_j(y_m) / sum_k a_k p_k(y_m)}, which turn the mixture gradient into {@code r_mj} times
 * classifier j's own gradient (spec 3.6) and save the device a dozen ops.
 *
 * @param stats            the minibatch statistics
 * @param responsibilities {@code [M * N]} row-major, 0 for masked rows; null unless {@code oneHot}
 * @param labelMass        {@code [M]} each row's label sum (1 labelled, 0 masked)
 * @param oneHot           whether every labelled row is exactly one-hot
 */
record ClassificationPass(MinibatchStats stats, double[] responsibilities, double[] labelMass, boolean oneHot) {

    /**
     * @param logP         {@code [M, N, C]} log-probabilities
     * @param labels       {@code [M, C]} masked (unscaled) labels
     * @param logPosterior the posterior the mixture uses
     */
    static ClassificationPass run(INDArray logP, INDArray labels, double[] logPosterior) {
        int m = (int) logP.size(0);
        int n = (int) logP.size(1);
        int c = (int) logP.size(2);
        double[] lp = HeadMath.hostCopy(logP);
        double[] y = HeadMath.hostCopy(labels);
        double[] nllSum = new double[n];
        double[] correct = new double[n];
        double[] labelLogP = new double[n];
        double[] resp = new double[m * n];
        double[] mass = new double[m];
        double mixtureNllSum = 0;
        long count = 0;
        boolean oneHot = true;
        for (int r = 0; r < m; r++) {
            int target = argmax(y, r * c, c);
            mass[r] = sum(y, r * c, c);
            if (y[r * c + target] <= 0) {
                continue; // masked prediction
            }
            oneHot &= y[r * c + target] == 1 && mass[r] == 1;
            count++;
            for (int j = 0; j < n; j++) {
                int base = (r * n + j) * c;
                labelLogP[j] = lp[base + target];
                nllSum[j] -= labelLogP[j];
                correct[j] += argmax(lp, base, c) == target ? 1 : 0;
            }
            double logMix = HeadMath.logSumExp(labelLogP, logPosterior);
            mixtureNllSum -= logMix;
            for (int j = 0; j < n; j++) {
                resp[r * n + j] = Math.exp(labelLogP[j] + logPosterior[j] - logMix);
            }
        }
        return new ClassificationPass(new MinibatchStats(count, nllSum, correct, mixtureNllSum),
                oneHot ? resp : null, mass, oneHot);
    }

    private static int argmax(double[] values, int offset, int length) {
        int best = 0;
        for (int k = 1; k < length; k++) {
            best = values[offset + k] > values[offset + best] ? k : best;
        }
        return best;
    }

    private static double sum(double[] values, int offset, int length) {
        double s = 0;
        for (int k = 0; k < length; k++) {
            s += values[offset + k];
        }
        return s;
    }
}
