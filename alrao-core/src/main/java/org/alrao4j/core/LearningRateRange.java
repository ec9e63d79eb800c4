package org.alrao4j.core;

/**
 * A validated learning-rate interval {@code [lrMin, lrMax]} with {@code 0 < lrMin <= lrMax}, both finite.
 *
 * <p>{@code lrMin == lrMax} is allowed: every sampled rate is then exactly {@code lrMin}, which makes
 * Alrao degenerate to plain SGD/Adam with that rate (the reference implementation's sanity test).
 *
 * @param lrMin smallest learning rate, {@code > 0}
 * @param lrMax largest learning rate, {@code >= lrMin}
 */
public record LearningRateRange(double lrMin, double lrMax) {

    /** Validates the bounds; see the class documentation for the rule. */
    public LearningRateRange {
        if (!Double.isFinite(lrMin) || !Double.isFinite(lrMax)) {
            throw new IllegalArgumentException("lrMin and lrMax must be finite numbers, got lrMin=" + lrMin
                    + ", lrMax=" + lrMax + "; pass finite bounds such as lrMin=1e-5, lrMax=10");
        }
        if (lrMin <= 0 || lrMin > lrMax) {
            throw new IllegalArgumentException("lrMin must be > 0 and <= lrMax, got lrMin=" + lrMin + ", lrMax="
                    + lrMax + "; pass 0 < lrMin <= lrMax (the paper uses lrMin=1e-5, lrMax=10 for CNNs)");
        }
    }

    /** @return a range from log10 bounds, as the reference's {@code main_cnn.py --minLR/--maxLR} take them */
    public static LearningRateRange ofLog10(double log10Min, double log10Max) {
        return new LearningRateRange(Math.pow(10, log10Min), Math.pow(10, log10Max));
    }

    /** @return true when {@code lrMin == lrMax}: every rate in the range is the same */
    public boolean isPoint() {
        return lrMin == lrMax;
    }

    /** @return the geometric mean {@code sqrt(lrMin * lrMax)}, the centre of the range in log space */
    public double geometricMean() {
        return Math.exp(0.5 * (Math.log(lrMin) + Math.log(lrMax)));
    }

    /**
     * Maps {@code u} in [0, 1] affinely in log space: {@code exp(log lrMin + u (log lrMax - log lrMin))}.
     * A point range returns {@code lrMin} exactly (no exp/log rounding).
     */
    public double atLogFraction(double u) {
        if (isPoint()) {
            return lrMin;
        }
        double logMin = Math.log(lrMin);
        return Math.exp(logMin + u * (Math.log(lrMax) - logMin));
    }
}
