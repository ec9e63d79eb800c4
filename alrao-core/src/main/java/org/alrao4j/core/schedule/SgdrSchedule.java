package org.alrao4j.core.schedule;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing with warm restarts (SGDR) as a DL4J {@link ISchedule}.
 * <pre>
 * I. Loshchilov, F. Hutter. "SGDR: Stochastic Gradient Descent with Warm Restarts". ICLR 2017,
 * arXiv:1608.03983, eq. (5):
 *   eta_t = eta_min + 1/2 (eta_max^i - eta_min) (1 + cos(pi * T_cur / T_i)),   T_{i+1} = T_mult * T_i
 * </pre>
 * with the peak of cycle {@code i} decayed as in Keras' {@code CosineDecayRestarts(m_mul)}:
 * {@code eta_max^i = eta_min + mMul^i (eta_max - eta_min)}. An optional linear warm-up of {@code W} steps
 * ramps {@code eta_min -> eta_max} ({@code eta_min + (eta_max - eta_min) s / W} for {@code s < W}); the
 * cycles then start at step {@code W}.
 *
 * <p><b>Steps.</b> The step {@code s} is the {@code iteration} argument of {@link #valueAt} for
 * {@link ScheduleType#ITERATION} (Keras: restarts per optimizer step) and the {@code epoch} argument for
 * {@link ScheduleType#EPOCH} (PyTorch's default {@code CosineAnnealingWarmRestarts.step()} per epoch). The
 * paper's per-batch annealing with restarts at epoch boundaries is {@code ITERATION} with {@code t0} (in
 * iterations) a multiple of the iterations per epoch and an integral {@code tMult}.
 *
 * <p><b>Cycle boundaries.</b> Cycle {@code i} starts at {@code b_i = t0 (tMult^i - 1) / (tMult - 1)}
 * ({@code b_i = i t0} when {@code tMult = 1}); its real length is {@code T_i = t0 tMult^i}, so non-integral
 * {@code t0} and {@code tMult} give real boundaries, as in Keras and in PyTorch's {@code step(epoch)} form.
 * Each {@code b_i} is computed in closed form in double precision and then <em>snapped</em> to the nearest
 * integer when it lies within {@value #SNAP_TOLERANCE} (relative) of one, so a boundary that is an integer
 * mathematically (for example {@code 10 * 1.1 = 11}) is never moved by a step through float drift. Step
 * {@code s} belongs to the cycle {@code i} with {@code b_i <= s < b_{i+1}} and
 * {@code T_cur / T_i = (s - b_i) / (b_{i+1} - b_i)}, in {@code [0, 1)}; so, as in PyTorch and Keras,
 * {@code eta_min} itself is approached but not hit. The first step of cycle {@code i >= 1} (a restart) is
 * the smallest integer {@code s >= b_i}.
 *
 * <p>Instances are immutable and compare by value; they round-trip through Jackson (explicit property
 * names on the constructor and fields) and through DL4J configuration JSON, e.g. inside {@code new
 * Sgd(schedule)}. Build them with {@link #builder(ScheduleType, double, double)}.
 */
public final class SgdrSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;
    /** Relative distance below which a cycle boundary is snapped to the nearest integer step. */
    public static final double SNAP_TOLERANCE = 1e-9;
    /** Default minimum learning rate, as PyTorch and Keras. */
    public static final double DEFAULT_ETA_MIN = 0.0;
    /** Default cycle-length multiplier: equal cycles, as PyTorch. */
    public static final double DEFAULT_T_MULT = 1.0;
    /** Default peak multiplier per restart: no decay, as Keras. */
    public static final double DEFAULT_M_MUL = 1.0;
    /** Default warm-up length: none. */
    public static final int DEFAULT_WARM_UP_STEPS = 0;

    @JsonProperty("scheduleType")
    private final ScheduleType scheduleType;
    @JsonProperty("etaMax")
    private final double etaMax;
    @JsonProperty("etaMin")
    private final double etaMin;
    @JsonProperty("t0")
    private final double t0;
    @JsonProperty("tMult")
    private final double tMult;
    @JsonProperty("mMul")
    private final double mMul;
    @JsonProperty("warmUpSteps")
    private final int warmUpSteps;

    /**
     * Prefer {@link #builder(ScheduleType, double, double)}; this constructor is also Jackson's creator and
     * validates exactly as the builder does.
     *
     * @param scheduleType whether the step is the iteration or the epoch count
     * @param etaMax       peak learning rate of the first cycle, finite and {@code >= etaMin}
     * @param etaMin       floor learning rate, finite and {@code >= 0}
     * @param t0           length of the first cycle in steps, finite and {@code >= 1}
     * @param tMult        cycle-length multiplier, finite and {@code >= 1}
     * @param mMul         peak multiplier per restart, finite and {@code > 0}
     * @param warmUpSteps  linear warm-up steps before the first cycle, {@code >= 0}
     * @throws IllegalArgumentException naming the parameter, its value, the rule and a remedy
     */
    @JsonCreator
    public SgdrSchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                        @JsonProperty("etaMax") double etaMax, @JsonProperty("etaMin") double etaMin,
                        @JsonProperty("t0") double t0, @JsonProperty("tMult") double tMult,
                        @JsonProperty("mMul") double mMul, @JsonProperty("warmUpSteps") int warmUpSteps) {
        if (scheduleType == null) {
            throw new IllegalArgumentException("scheduleType must be set, got scheduleType=null; use"
                    + " ScheduleType.ITERATION (restart per optimizer step) or ScheduleType.EPOCH (per epoch)");
        }
        check("etaMin", etaMin, Double.isFinite(etaMin) && etaMin >= 0, "must be finite and >= 0",
                "use 0 (the default) to anneal to zero");
        check("etaMax", etaMax, Double.isFinite(etaMax), "must be finite", "use the peak rate, e.g. 0.05");
        if (etaMin > etaMax) {
            throw new IllegalArgumentException("etaMin must be <= etaMax, got etaMin=" + etaMin + ", etaMax="
                    + etaMax + "; swap them or lower etaMin (etaMax is the peak of each cycle)");
        }
        check("t0", t0, Double.isFinite(t0) && t0 >= 1, "must be finite and >= 1",
                "give the first cycle length in steps of the schedule type, e.g. 10");
        check("tMult", tMult, Double.isFinite(tMult) && tMult >= 1, "must be finite and >= 1",
                "use 1 for equal cycles or 2 to double each cycle");
        check("mMul", mMul, Double.isFinite(mMul) && mMul > 0, "must be finite and > 0",
                "use 1 (the default) to keep the peak, or e.g. 0.5 to halve it at each restart");
        if (warmUpSteps < 0) {
            throw new IllegalArgumentException("warmUpSteps must be >= 0, got warmUpSteps=" + warmUpSteps
                    + "; use 0 (the default) for no warm-up");
        }
        this.scheduleType = scheduleType;
        this.etaMax = etaMax;
        this.etaMin = etaMin;
        this.t0 = t0;
        this.tMult = tMult;
        this.mMul = mMul;
        this.warmUpSteps = warmUpSteps;
    }

    private static void check(String name, double value, boolean ok, String rule, String remedy) {
        if (!ok) {
            throw new IllegalArgumentException(name + " " + rule + ", got " + name + "=" + value + "; " + remedy);
        }
    }

    /**
     * Starts a builder; the optional settings default to {@link #DEFAULT_ETA_MIN}, {@link #DEFAULT_T_MULT},
     * {@link #DEFAULT_M_MUL} and {@link #DEFAULT_WARM_UP_STEPS}. Validation happens in {@link Builder#build()}.
     *
     * @param scheduleType whether the step is the iteration or the epoch count
     * @param etaMax       peak learning rate of the first cycle
     * @param t0           length of the first cycle in steps ({@code >= 1}, may be non-integral)
     * @return a builder
     */
    public static Builder builder(ScheduleType scheduleType, double etaMax, double t0) {
        return new Builder(scheduleType, etaMax, t0);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the selected step is negative
     */
    @Override
    public double valueAt(int iteration, int epoch) {
        int step = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        checkStep(step);
        if (step < warmUpSteps) {
            return etaMin + (etaMax - etaMin) * step / warmUpSteps;
        }
        double s = step - warmUpSteps;
        long cycle = cycleIndex(s);
        double start = boundary(cycle);
        double fraction = (s - start) / (boundary(cycle + 1) - start);
        double peak = etaMin + Math.pow(mMul, cycle) * (etaMax - etaMin);
        return etaMin + 0.5 * (peak - etaMin) * (1 + Math.cos(Math.PI * fraction));
    }

    /**
     * @param step the iteration (ITERATION) or epoch (EPOCH) count, {@code >= 0}
     * @return {@code true} when {@code step > 0} is the first step of a new cycle, i.e. a warm restart, where
     *     the rate jumps back to the (decayed) peak; snapshot ensembles save just before it
     */
    public boolean isRestart(int step) {
        checkStep(step);
        if (step <= warmUpSteps) {
            return false;
        }
        return cycleOf(step) != cycleOf(step - 1);
    }

    /**
     * @param step the iteration (ITERATION) or epoch (EPOCH) count, {@code >= 0}
     * @return the 0-based cycle that {@code step} belongs to, or {@code -1} during the warm-up
     */
    public long cycleOf(int step) {
        checkStep(step);
        return step < warmUpSteps ? -1 : cycleIndex(step - (double) warmUpSteps);
    }

    private static void checkStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got step=" + step
                    + "; pass DL4J's iteration/epoch counters, which start at 0");
        }
    }

    /** Largest {@code i} with {@code boundary(i) <= s}: closed-form guess, corrected against the boundaries. */
    private long cycleIndex(double s) {
        long i;
        if (tMult == 1) {
            i = (long) Math.floor(s / t0);
        } else {
            i = (long) Math.floor(Math.log1p(s / t0 * (tMult - 1)) / Math.log(tMult));
        }
        i = Math.max(0, i);
        while (i > 0 && boundary(i) > s) {
            i--;
        }
        while (boundary(i + 1) <= s) {
            i++;
        }
        return i;
    }

    /** Start of cycle {@code i} in steps after the warm-up, snapped to an integer when within tolerance. */
    private double boundary(long i) {
        double b = tMult == 1 ? i * t0 : t0 * (Math.pow(tMult, i) - 1) / (tMult - 1);
        double nearest = Math.rint(b);
        return Math.abs(b - nearest) <= SNAP_TOLERANCE * Math.max(1, Math.abs(b)) ? nearest : b;
    }

    /** @return whether the step is the iteration or the epoch count */
    public ScheduleType scheduleType() {
        return scheduleType;
    }

    /** @return peak learning rate of the first cycle */
    public double etaMax() {
        return etaMax;
    }

    /** @return floor learning rate */
    public double etaMin() {
        return etaMin;
    }

    /** @return length of the first cycle in steps */
    public double t0() {
        return t0;
    }

    /** @return cycle-length multiplier */
    public double tMult() {
        return tMult;
    }

    /** @return peak multiplier per restart */
    public double mMul() {
        return mMul;
    }

    /** @return linear warm-up steps before the first cycle */
    public int warmUpSteps() {
        return warmUpSteps;
    }

    @Override
    public SgdrSchedule clone() {
        return new SgdrSchedule(scheduleType, etaMax, etaMin, t0, tMult, mMul, warmUpSteps);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SgdrSchedule)) {
            return false;
        }
        SgdrSchedule other = (SgdrSchedule) o;
        return scheduleType == other.scheduleType && Double.compare(etaMax, other.etaMax) == 0
                && Double.compare(etaMin, other.etaMin) == 0 && Double.compare(t0, other.t0) == 0
                && Double.compare(tMult, other.tMult) == 0 && Double.compare(mMul, other.mMul) == 0
                && warmUpSteps == other.warmUpSteps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheduleType, etaMax, etaMin, t0, tMult, mMul, warmUpSteps);
    }

    @Override
    public String toString() {
        return "SgdrSchedule(scheduleType=" + scheduleType + ", etaMax=" + etaMax + ", etaMin=" + etaMin + ", t0="
                + t0 + ", tMult=" + tMult + ", mMul=" + mMul + ", warmUpSteps=" + warmUpSteps + ")";
    }

    /** Builder for {@link SgdrSchedule}; not thread-safe, validates in {@link #build()}. */
    public static final class Builder {
        private final ScheduleType scheduleType;
        private final double etaMax;
        private final double t0;
        private double etaMin = DEFAULT_ETA_MIN;
        private double tMult = DEFAULT_T_MULT;
        private double mMul = DEFAULT_M_MUL;
        private int warmUpSteps = DEFAULT_WARM_UP_STEPS;

        private Builder(ScheduleType scheduleType, double etaMax, double t0) {
            this.scheduleType = scheduleType;
            this.etaMax = etaMax;
            this.t0 = t0;
        }

        /** @param etaMin floor learning rate, {@code 0 <= etaMin <= etaMax}; default 0 */
        public Builder etaMin(double etaMin) {
            this.etaMin = etaMin;
            return this;
        }

        /** @param tMult cycle-length multiplier {@code >= 1}, may be non-integral; default 1 */
        public Builder tMult(double tMult) {
            this.tMult = tMult;
            return this;
        }

        /** @param mMul peak multiplier applied at each restart, {@code > 0}; default 1 (Keras {@code m_mul}) */
        public Builder mMul(double mMul) {
            this.mMul = mMul;
            return this;
        }

        /** @param warmUpSteps linear warm-up steps from etaMin to etaMax before the first cycle; default 0 */
        public Builder warmUpSteps(int warmUpSteps) {
            this.warmUpSteps = warmUpSteps;
            return this;
        }

        /**
         * @return the schedule
         * @throws IllegalArgumentException naming the invalid parameter, its value, the rule and a remedy
         */
        public SgdrSchedule build() {
            return new SgdrSchedule(scheduleType, etaMax, etaMin, t0, tMult, mMul, warmUpSteps);
        }
    }
}
