package org.alrao4j.core;

/**
 * The learning rates of Alrao's N classifier copies: a deterministic geometric grid over the range,
 * including both endpoints (paper: {@code log eta_j = log lrMin + (j-1)/(N-1) log(lrMax/lrMin)},
 * j = 1..N). With a single classifier the rate is {@code lrMin}, as in the reference implementation.
 */
public final class ClassifierLearningRates {

    private ClassifierLearningRates() {
    }

    /**
     * @param range         the Alrao interval
     * @param numClassifiers N, {@code >= 1}
     * @return N rates, increasing, first {@code lrMin}, last {@code lrMax} (when N > 1)
     */
    public static double[] geometricGrid(LearningRateRange range, int numClassifiers) {
        if (numClassifiers < 1) {
            throw new IllegalArgumentException("numClassifiers must be >= 1, got numClassifiers=" + numClassifiers
                    + "; the paper uses 10 for CNNs and 6 for language models");
        }
        double[] rates = new double[numClassifiers];
        if (numClassifiers == 1) {
            rates[0] = range.lrMin();
            return rates;
        }
        for (int j = 0; j < numClassifiers; j++) {
            rates[j] = range.atLogFraction(j / (double) (numClassifiers - 1));
        }
        rates[0] = range.lrMin();
        rates[numClassifiers - 1] = range.lrMax();
        return rates;
    }
}
