package org.alrao4j.core;

import java.util.Arrays;
import java.util.Objects;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Common configuration of the Alrao updaters: one layer's per-unit learning rates and the
 * {@link UnitLayout} that maps the layer's flat gradient onto those units.
 *
 * <p>One instance serves exactly one layer (its {@link #tag()} names it), so DL4J never merges two
 * layers into one updater block. Instances are immutable and compare by value; they round-trip through
 * DL4J's configuration JSON. State is {@code O(units)} plus what the base optimizer needs: the
 * per-element learning-rate tensor is never materialised.
 *
 * <p>An optional {@code lrMultiplier} schedule multiplies every unit rate, e.g. for SGDR on top of Alrao
 * (the paper suggests dividing all Alrao rates by a time-dependent constant).
 */
public abstract class AlraoUpdater implements IUpdater {

    private static final long serialVersionUID = 1L;

    @JsonProperty("unitLearningRates")
    private final double[] unitLearningRates;
    @JsonProperty("layout")
    private final UnitLayout layout;
    @JsonProperty("tag")
    private final String tag;
    @JsonProperty("lrMultiplier")
    private final ISchedule lrMultiplier;
    @JsonIgnore
    private final transient double nominalLearningRate;

    /**
     * @param unitLearningRates one rate per unit, each finite and {@code > 0}; covers {@code layout}'s units
     * @param layout            the flat layout of the gradient this updater receives
     * @param tag               the layer (and parameter group) this updater belongs to
     * @param lrMultiplier      optional schedule multiplying every rate; {@code null} means 1
     */
    protected AlraoUpdater(double[] unitLearningRates, UnitLayout layout, String tag, ISchedule lrMultiplier) {
        Objects.requireNonNull(unitLearningRates, "unitLearningRates");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.tag = Objects.requireNonNull(tag, "tag");
        this.unitLearningRates = unitLearningRates.clone();
        this.lrMultiplier = lrMultiplier;
        validateRates();
        this.nominalLearningRate = geometricMean(this.unitLearningRates);
    }

    private void validateRates() {
        if (unitLearningRates.length < layout.numUnits()) {
            throw new IllegalArgumentException("unitLearningRates must cover the layout's " + layout.numUnits()
                    + " units, got " + unitLearningRates.length + " rates for '" + tag + "'");
        }
        for (int i = 0; i < unitLearningRates.length; i++) {
            double r = unitLearningRates[i];
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("unitLearningRates[" + i + "] must be finite and > 0, got " + r
                        + " for '" + tag + "'; sample rates with LogUniformSampler");
            }
        }
    }

    private static double geometricMean(double[] rates) {
        double sumLog = 0;
        for (double r : rates) {
            sumLog += Math.log(r);
        }
        return rates.length == 0 ? 0 : Math.exp(sumLog / rates.length);
    }

    /** @return a copy of the per-unit learning rates */
    public double[] unitLearningRates() {
        return unitLearningRates.clone();
    }

    /** @return the flat layout of the gradient this updater receives */
    public UnitLayout layout() {
        return layout;
    }

    /** @return the layer (and parameter group) this updater serves */
    public String tag() {
        return tag;
    }

    /** @return the schedule multiplying every unit rate, or {@code null} for a constant 1 */
    public ISchedule lrMultiplier() {
        return lrMultiplier;
    }

    /** @return the factor applied to every unit rate at this iteration and epoch */
    public double multiplierAt(int iteration, int epoch) {
        return lrMultiplier == null ? 1.0 : lrMultiplier.valueAt(iteration, epoch);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Alrao has no single learning rate; this is the geometric mean of the unit rates times the
     * multiplier, which DL4J uses only to scale {@code WeightDecay} and to report a nominal rate.
     */
    @Override
    public double getLearningRate(int iteration, int epoch) {
        return nominalLearningRate * multiplierAt(iteration, epoch);
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /**
     * Always throws: Alrao's rates are drawn once and fixed. Scale them over time with an
     * {@code lrMultiplier} schedule when installing the updaters.
     */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("Alrao updater of '" + tag + "' has fixed per-unit learning rates;"
                + " setLearningRate(" + lr + ") cannot change them. Install Alrao with an lrMultiplier schedule to"
                + " scale all rates over time, or re-install with another lrMin/lrMax.");
    }

    @Override
    public abstract AlraoUpdater clone();

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        AlraoUpdater other = (AlraoUpdater) o;
        return Arrays.equals(unitLearningRates, other.unitLearningRates) && layout.equals(other.layout)
                && tag.equals(other.tag) && Objects.equals(lrMultiplier, other.lrMultiplier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), Arrays.hashCode(unitLearningRates), layout, tag, lrMultiplier);
    }

    /** @return a short description: class, tag, unit count and rate range */
    protected String describe() {
        double min = Arrays.stream(unitLearningRates).min().orElse(Double.NaN);
        double max = Arrays.stream(unitLearningRates).max().orElse(Double.NaN);
        return "tag=" + tag + ", units=" + unitLearningRates.length + ", rates=[" + min + ", " + max + "]"
                + (lrMultiplier == null ? "" : ", lrMultiplier=" + lrMultiplier);
    }
}
