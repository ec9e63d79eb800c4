package org.alrao4j.core;

import java.util.Objects;
import java.util.Random;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Everything that decides the per-unit Alrao updaters of a network body: the learning-rate range, the base
 * optimizer, the seed, and how recurrent layers share rates. Immutable; validated when built.
 *
 * <pre>
 *   AlraoSettings s = AlraoSettings.builder().lrMin(1e-5).lrMax(10).seed(42).build();
 * </pre>
 */
public final class AlraoSettings {

    /** Default lower bound, the paper's CIFAR-10 setting. */
    public static final double DEFAULT_LR_MIN = 1e-5;
    /** Default upper bound, the paper's CIFAR-10 setting. */
    public static final double DEFAULT_LR_MAX = 10;
    /** Default seed of the rate sampler. */
    public static final long DEFAULT_SEED = 42;

    private final LearningRateRange range;
    private final BaseOptimizer optimizer;
    private final long seed;
    private final RecurrentRateSharing recurrentSharing;
    private final ISchedule lrMultiplier;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    private AlraoSettings(Builder b) {
        this.range = new LearningRateRange(b.lrMin, b.lrMax);
        this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
        this.seed = b.seed;
        this.recurrentSharing = Objects.requireNonNull(b.recurrentSharing, "recurrentSharing");
        this.lrMultiplier = b.lrMultiplier;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        // validates the Adam hyper-parameters now rather than at install time
        updaterFor(new double[] {range.lrMin()}, UnitLayout.builder().segment(0, 1, 1, 1).build(), "validation");
    }

    /** @return a builder with the defaults: [1e-5, 10], SGD, seed 42, per-gate-row recurrent rates */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the learning-rate interval */
    public LearningRateRange range() {
        return range;
    }

    /** @return the base optimizer */
    public BaseOptimizer optimizer() {
        return optimizer;
    }

    /** @return the master seed; each layer draws from a stream derived from it and the layer's name */
    public long seed() {
        return seed;
    }

    /** @return how recurrent layers share rates */
    public RecurrentRateSharing recurrentSharing() {
        return recurrentSharing;
    }

    /** @return the schedule multiplying all rates, or {@code null} */
    public ISchedule lrMultiplier() {
        return lrMultiplier;
    }

    /**
     * @param layerName the layer's unique name in its network
     * @param numUnits  how many rates the layer needs
     * @return the layer's unit rates: log-uniform, from the stream of ({@link #seed()}, {@code layerName})
     */
    public double[] sampleUnitRates(String layerName, long numUnits) {
        if (numUnits > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("layer '" + layerName + "' has " + numUnits + " units, more than "
                    + Integer.MAX_VALUE);
        }
        Random rng = new Random(LogUniformSampler.streamSeed(seed, layerName));
        return new LogUniformSampler(range).sample((int) numUnits, rng);
    }

    /**
     * @return the Alrao updater configuration of one layer with these settings
     */
    public AlraoUpdater updaterFor(double[] unitRates, UnitLayout layout, String tag) {
        if (optimizer == BaseOptimizer.ADAM) {
            return new AlraoAdam(unitRates, layout, tag, lrMultiplier, beta1, beta2, epsilon);
        }
        return new AlraoSgd(unitRates, layout, tag, lrMultiplier);
    }

    @Override
    public String toString() {
        return "AlraoSettings(lrMin=" + range.lrMin() + ", lrMax=" + range.lrMax() + ", optimizer=" + optimizer
                + ", seed=" + seed + ", recurrentSharing=" + recurrentSharing
                + (lrMultiplier == null ? "" : ", lrMultiplier=" + lrMultiplier)
                + (optimizer == BaseOptimizer.ADAM ? ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                : "") + ")";
    }

    /** Builder; every setter has a default, validation happens in {@link #build()}. */
    public static final class Builder {
        private double lrMin = DEFAULT_LR_MIN;
        private double lrMax = DEFAULT_LR_MAX;
        private BaseOptimizer optimizer = BaseOptimizer.SGD;
        private long seed = DEFAULT_SEED;
        private RecurrentRateSharing recurrentSharing = RecurrentRateSharing.PER_GATE_ROW;
        private ISchedule lrMultiplier;
        private double beta1 = AlraoAdam.DEFAULT_BETA1;
        private double beta2 = AlraoAdam.DEFAULT_BETA2;
        private double epsilon = AlraoAdam.DEFAULT_EPSILON;

        private Builder() {
        }

        /** @param lrMin smallest unit rate, {@code > 0} */
        public Builder lrMin(double lrMin) {
            this.lrMin = lrMin;
            return this;
        }

        /** @param lrMax largest unit rate, {@code >= lrMin} */
        public Builder lrMax(double lrMax) {
            this.lrMax = lrMax;
            return this;
        }

        /** @param range both bounds at once */
        public Builder range(LearningRateRange range) {
            this.lrMin = range.lrMin();
            this.lrMax = range.lrMax();
            return this;
        }

        /** @param optimizer SGD (default) or ADAM */
        public Builder optimizer(BaseOptimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** @param seed master seed of the rate sampler */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param sharing how recurrent layers share rates */
        public Builder recurrentSharing(RecurrentRateSharing sharing) {
            this.recurrentSharing = sharing;
            return this;
        }

        /** @param multiplier schedule multiplying all unit rates (e.g. SGDR), or {@code null} for none */
        public Builder lrMultiplier(ISchedule multiplier) {
            this.lrMultiplier = multiplier;
            return this;
        }

        /** Adam hyper-parameters (used only with {@link BaseOptimizer#ADAM}). */
        public Builder adam(double beta1, double beta2, double epsilon) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
            return this;
        }

        /** @return validated settings; {@link IllegalArgumentException} names the offending value */
        public AlraoSettings build() {
            return new AlraoSettings(this);
        }
    }
}
