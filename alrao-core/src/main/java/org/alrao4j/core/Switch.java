package org.alrao4j.core;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bayesian "switch" model averaging: the online posterior {@code a_j = P(K_{t+1} = j | data)} over N models
 * (Alrao's classifier heads) under a prior that lets the best model change over time.
 *
 * <pre>
 * van Erven, T., Gr&uuml;nwald, P., and de Rooij, S.
 * "Catching up faster in Bayesian model selection and model averaging"
 * Advances in Neural Information Processing Systems 20 (NIPS 2007), Algorithm 1.
 * </pre>
 *
 * <p>Prior (spec &sect;3.1-3.2): the starting model and every switch target are uniform (1/N); the switching time
 * has {@code pi_T(Z = t | Z >= t) = p_t = 1/(t+1)}; {@code theta} is the prior probability of keeping the option
 * to switch again. State (spec &sect;3.3) is 2 x N natural-log weights: row A ("may still switch") starts at
 * {@code log(theta/N)}, row B ("no further switch") at {@code log((1-theta)/N)}. One {@link #update} per minibatch
 * is, in probability space with {@code L_j = exp(-meanNll_j)} (spec &sect;3.4):
 * <pre>
 * w_A &lt;- w_A L;  w_B &lt;- w_B L;  pool = p_t sum_j w_A,j
 * w_A &lt;- (1 - p_t) w_A + theta pool / N;  w_B &lt;- w_B + (1 - theta) pool / N
 * normalize over all 2N entries;  a = w_A + w_B;  t &lt;- t + 1
 * </pre>
 * It runs in log space with max-shifted log-sum-exp, in double precision.
 *
 * <p>Order of use: construct (or {@link #restore}), then call {@link #update} once per training minibatch with the
 * heads' minibatch-mean losses from the forward pass before the optimizer step; the posterior then weights the
 * next forward pass and every evaluation. Not thread-safe.
 */
public final class Switch implements Serializable {

    /**
     * Default {@code theta}. The reference code uses 0.9999 (and never overrides it); paper v1 prints 0.999
     * (spec &sect;3.2, a DISCREPANCY). The code value is the default because it produced the published results.
     */
    public static final double DEFAULT_THETA = 0.9999;

    private static final long serialVersionUID = 1L;
    /** Room for log-weights stored as floats by a layer: float rounding moves the log-normalizer by ~1e-6. */
    private static final double NORMALIZATION_TOLERANCE = 1e-4;

    private final int numModels;
    private final double theta;
    /** Row A at [0, N), row B at [N, 2N). */
    private double[] logWeights;
    private long step = 1;
    private long skippedUpdates;

    /**
     * @param numModels N, the number of models (classifier heads), {@code >= 1}
     * @param theta     prior probability of keeping the option to switch, in the open interval (0, 1)
     */
    public Switch(int numModels, double theta) {
        if (numModels < 1) {
            throw new IllegalArgumentException("numModels must be >= 1, got numModels=" + numModels
                    + "; pass the number of classifiers");
        }
        if (!(theta > 0.0 && theta < 1.0)) {
            throw new IllegalArgumentException("theta must be in the open interval (0, 1), got theta=" + theta
                    + "; pass Switch.DEFAULT_THETA (" + DEFAULT_THETA + ", reference code) or 0.999 (paper v1)");
        }
        this.numModels = numModels;
        this.theta = theta;
        double logN = Math.log(numModels);
        this.logWeights = new double[2 * numModels];
        Arrays.fill(logWeights, 0, numModels, Math.log(theta) - logN);
        Arrays.fill(logWeights, numModels, 2 * numModels, Math.log1p(-theta) - logN);
    }

    /** @param numModels N, {@code >= 1}; {@code theta} is {@link #DEFAULT_THETA} */
    public Switch(int numModels) {
        this(numModels, DEFAULT_THETA);
    }

    /**
     * Rebuilds a Switch from persisted state, so that it continues exactly as the saved one would have.
     *
     * @param logWeights the 2N values of {@link #logWeights()} (row A then row B)
     * @param step       the value of {@link #step()}, {@code >= 1}
     * @return a Switch in that state; {@link #skippedUpdates()} starts at 0 (it is a diagnostic, not state)
     */
    public static Switch restore(int numModels, double theta, double[] logWeights, long step) {
        Switch restored = new Switch(numModels, theta);
        restored.setState(logWeights, step);
        return restored;
    }

    /**
     * Folds one minibatch of evidence into the posterior (spec &sect;3.4 steps 1-10).
     *
     * <p>Non-finite losses: NaN is an error (spec &sect;3.4 step 2), and so is {@code -infinity} (no likelihood
     * exceeds 1 by an infinite factor). {@code +infinity} means likelihood 0: the model's accumulated weight is
     * wiped, and its posterior drops to the switching floor {@code theta pool/N + (1-theta) pool/N} that every
     * model receives, exactly the limit of an ever larger finite loss. If every loss is {@code +infinity} the
     * minibatch cannot tell the models apart and the Bayesian update is undefined (0/0), so it is skipped: posterior
     * and step are unchanged and {@link #skippedUpdates()} is incremented (likewise if a restored state gives all its
     * weight to models whose loss is +infinity). With N == 1 nothing changes at all.
     *
     * @param meanNll each model's minibatch-MEAN negative log-likelihood (not the sum: spec &sect;3.4 step 1)
     * @throws IllegalArgumentException on a wrong length, a NaN or a {@code -infinity} entry
     */
    public void update(double[] meanNll) {
        double[] logLik = logLikelihoods(meanNll);
        if (numModels == 1) {
            return;
        }
        double[] next = logLik == null ? null : advance(logLik);
        if (next == null) {
            skippedUpdates++;
            return;
        }
        logWeights = next;
        step++;
    }

    /**
     * Validates the losses and turns them into log-likelihoods shifted so that the best is 0: exact, because step 8
     * cancels any common factor, and it keeps huge finite losses from overflowing to -infinity.
     *
     * @return the shifted log-likelihoods, or null when every loss is +infinity
     */
    private double[] logLikelihoods(double[] meanNll) {
        Objects.requireNonNull(meanNll, "meanNll must not be null; pass one minibatch-mean loss per model");
        if (meanNll.length != numModels) {
            throw new IllegalArgumentException("meanNll must have one entry per model: expected length " + numModels
                    + " (numModels), got length " + meanNll.length);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < numModels; j++) {
            double loss = meanNll[j];
            if (Double.isNaN(loss)) {
                throw new IllegalArgumentException("meanNll[" + j + "] is NaN for model " + j + ", but the Switch"
                        + " cannot use NaN evidence (spec 3.4 step 2); check that model's loss for a blow-up");
            }
            if (loss == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("meanNll[" + j + "] is -Infinity for model " + j + ", but a"
                        + " negative log-likelihood cannot be -infinity; pass the minibatch-mean NLL (+Infinity means"
                        + " likelihood 0)");
            }
            best = Math.min(best, loss);
        }
        if (best == Double.POSITIVE_INFINITY) {
            return null;
        }
        double[] logLik = new double[numModels];
        for (int j = 0; j < numModels; j++) {
            logLik[j] = best - meanNll[j];
        }
        return logLik;
    }

    /** Spec &sect;3.4 steps 4-8 on a copy; null when no weight survives (nothing to normalize). */
    private double[] advance(double[] logLik) {
        int n = numModels;
        double[] w = new double[2 * n];
        for (int j = 0; j < n; j++) {
            w[j] = logWeights[j] + logLik[j]; // step 4
            w[n + j] = logWeights[n + j] + logLik[j];
        }
        double switchProb = 1.0 / (step + 1.0); // p_t = pi_T(Z = t | Z >= t)
        double logPool = logSumExp(w, 0, n) + Math.log(switchProb); // step 5
        double logKeep = Math.log1p(-switchProb); // step 6
        double logN = Math.log(n);
        double shareA = Math.log(theta) + logPool - logN;
        double shareB = Math.log1p(-theta) + logPool - logN;
        for (int j = 0; j < n; j++) {
            w[j] = logAddExp(w[j] + logKeep, shareA); // step 7
            w[n + j] = logAddExp(w[n + j], shareB);
        }
        double logNormalizer = logSumExp(w, 0, 2 * n); // step 8, over all 2N entries
        if (logNormalizer == Double.NEGATIVE_INFINITY) {
            return null;
        }
        for (int k = 0; k < 2 * n; k++) {
            w[k] -= logNormalizer;
        }
        return w;
    }

    /** Max-shifted log-sum-exp of {@code x[from, to)}; -infinity when all entries are (no -inf - -inf NaN). */
    private static double logSumExp(double[] x, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = from; k < to; k++) {
            max = Math.max(max, x[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            sum += Math.exp(x[k] - max);
        }
        return max + Math.log(sum);
    }

    private static double logAddExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }

    /**
     * Replaces the state with persisted values, exactly (no renormalization), so updates continue identically.
     *
     * @param logWeights the 2N values of {@link #logWeights()}: each {@code <= 0} or -infinity, not NaN, with a
     *                   log-sum-exp within 1e-4 of 0 (float storage is fine)
     * @param step       the value of {@link #step()}, {@code >= 1}
     */
    public void setState(double[] logWeights, long step) {
        double[] copy = Objects.requireNonNull(logWeights, "logWeights must not be null").clone();
        validateState(copy, step);
        this.logWeights = copy;
        this.step = step;
    }

    private void validateState(double[] weights, long t) {
        if (weights.length != 2 * numModels) {
            throw new IllegalArgumentException("logWeights must hold 2 x numModels values (row A then row B):"
                    + " expected length " + 2 * numModels + ", got length " + weights.length);
        }
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] <= 0.0)) {
                throw new IllegalArgumentException("logWeights[" + k + "] must be <= 0 or -Infinity (a log"
                        + " probability), got " + weights[k] + "; pass the array returned by logWeights()");
            }
        }
        double logTotal = logSumExp(weights, 0, weights.length);
        if (!(Math.abs(logTotal) <= NORMALIZATION_TOLERANCE)) {
            throw new IllegalArgumentException("logWeights must be normalized (log-sum-exp of all 2N entries = 0"
                    + " within " + NORMALIZATION_TOLERANCE + "), got " + logTotal
                    + "; pass the array returned by logWeights()");
        }
        if (t < 1) {
            throw new IllegalArgumentException("step must be >= 1, got step=" + t
                    + "; pass the value returned by step() (a new Switch starts at 1)");
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        validateState(Objects.requireNonNull(logWeights, "logWeights"), step);
    }

    /** @return the posterior {@code a_j} (a new array; sums to 1 up to rounding); uniform before any update */
    public double[] posterior() {
        return Arrays.stream(logPosterior()).map(Math::exp).toArray();
    }

    /**
     * @return {@code log a_j = LSE(logw_A,j, logw_B,j)} (spec &sect;3.4 step 9; a new array), as used by the
     *         mixture {@code LSE_j(log p_j + log a_j)}
     */
    public double[] logPosterior() {
        double[] result = new double[numModels];
        for (int j = 0; j < numModels; j++) {
            result[j] = logAddExp(logWeights[j], logWeights[numModels + j]);
        }
        return result;
    }

    /** @return the 2N log-weights (a copy): row A at [0, N), row B at [N, 2N); persist with {@link #step()} */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /** @return the index of the largest posterior weight (the lowest index on ties) */
    public int argmax() {
        double[] logA = logPosterior();
        int best = 0;
        for (int j = 1; j < numModels; j++) {
            if (logA[j] > logA[best]) {
                best = j;
            }
        }
        return best;
    }

    /** @return N, the number of models */
    public int numModels() {
        return numModels;
    }

    /** @return the switching parameter theta */
    public double theta() {
        return theta;
    }

    /** @return t, the index of the next update: 1 before any update, +1 per applied update */
    public long step() {
        return step;
    }

    /** @return how many updates this instance skipped because no weight survived the evidence (not persisted) */
    public long skippedUpdates() {
        return skippedUpdates;
    }

    @Override
    public String toString() {
        return "Switch(numModels=" + numModels + ", theta=" + theta + ", step=" + step + ")";
    }
}
