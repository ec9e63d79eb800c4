package org.alrao4j.core;

import java.util.Random;

/**
 * Draws learning rates log-uniformly on a {@link LearningRateRange} (Alrao paper, section 3, eq. "logunif":
 * {@code log eta ~ U(log lrMin, log lrMax)}).
 *
 * <p>Rates come from {@link java.util.Random}, whose algorithm is fixed by the Java specification, so a
 * seed gives the same rates on every JVM and machine. Rates are drawn once, when updaters are installed,
 * and never resampled.
 */
public final class LogUniformSampler {

    private final LearningRateRange range;

    /** @param range the interval to sample from */
    public LogUniformSampler(LearningRateRange range) {
        this.range = java.util.Objects.requireNonNull(range, "range");
    }

    /** @return the interval this sampler draws from */
    public LearningRateRange range() {
        return range;
    }

    /**
     * @param count number of rates, {@code >= 0}
     * @param rng   source of uniform numbers; {@code count} values of {@code nextDouble()} are consumed
     * @return {@code count} rates in {@code [lrMin, lrMax]}
     */
    public double[] sample(int count, Random rng) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got count=" + count);
        }
        double[] rates = new double[count];
        for (int i = 0; i < count; i++) {
            rates[i] = range.atLogFraction(rng.nextDouble());
        }
        return rates;
    }

    /**
     * @return a seed for one named stream derived from a master seed (SplitMix64 finaliser over the seed
     *     and the name's {@link String#hashCode()}, both specified by Java), so that each layer's rates
     *     depend only on the master seed and the layer's name, not on the order layers are visited
     */
    public static long streamSeed(long masterSeed, String streamName) {
        long z = masterSeed + 0x9E3779B97F4A7C15L * (streamName.hashCode() + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
