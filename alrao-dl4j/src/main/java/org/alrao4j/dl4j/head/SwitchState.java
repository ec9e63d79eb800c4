package org.alrao4j.dl4j.head;

import org.alrao4j.core.Switch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a {@link Switch} in and out of the head's parameter arrays, so the network's params carry it.
 *
 * <p><b>Pooled states.</b> Distributed training that averages parameters (DL4J's Spark
 * {@code ParameterAveragingTrainingMaster}, docs/spark.md) stores the arithmetic mean of the workers' log-weights:
 * the log of their normalized geometric mean (the "log opinion pool"), whose total weight is below 1 by the
 * AM-GM inequality. {@link #normalizePooled} renormalizes such a state in place and rebuilds the log-posterior
 * parameter from it; a state that no average of valid states can produce (a positive log-weight, a total weight
 * above 1, NaN) stays an error.
 */
final class SwitchState {

    /**
     * @return |log total weight| below which a state stored as {@code type} counts as normalized: storing 2N
     *     normalized log-weights {@code l_k} rounds each by at most {@code |l_k| u} (u: the type's unit roundoff),
     *     which moves the log total by at most {@code u sum_k p_k |l_k| <= u ln(2N)} (an entropy); four times that
     *     bound. Any larger deficit is a pooled state (an average of differing workers' states), renormalized.
     *     A fixed 1e-5 used to leave pooled states with deficits up to 1e-5 unnormalized, so their posterior
     *     summed to 1 only within 1e-5.
     */
    static double pooledTolerance(int numModels, DataType type) {
        double unitRoundoff = switch (type) {
            case DOUBLE -> 0x1p-53;
            case FLOAT -> 0x1p-24;
            case HALF -> 0x1p-11;
            default -> 0x1p-8; // BFLOAT16 and anything coarser
        };
        return 4 * unitRoundoff * Math.log(2.0 * numModels);
    }

    private SwitchState() {
    }

    /**
     * Renormalizes a pooled state (see the class comment) in place: log-weights minus their log-sum-exp, the step
     * counter rounded, and {@code logPosterior} rewritten from the result.
     *
     * @return whether the state was pooled and has been renormalized (false: already normalized, nothing written)
     * @throws IllegalStateException when the state cannot be an average of valid Switch states
     */
    static boolean normalizePooled(int numModels, double theta, INDArray logPosterior, INDArray state) {
        double[] all = state.toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 2 * numModels; k++) {
            max = Math.max(max, all[k]);
        }
        double sum = 0;
        for (int k = 0; k < 2 * numModels; k++) {
            sum += Math.exp(all[k] - max);
        }
        double logTotal = max + Math.log(sum);
        if (Math.abs(logTotal) <= pooledTolerance(numModels, state.dataType())) {
            return false;
        }
        if (!(logTotal < 0) || !(max <= 0) || Double.isInfinite(logTotal)) {
            throw new IllegalStateException("the Switch state parameter '" + AlraoOutputLayer.SWITCH_STATE
                    + "' holds log-weights with log total weight " + logTotal + " and largest log-weight " + max
                    + ", but a valid or averaged state has every log-weight <= 0 and a finite log total <= 0;"
                    + " restore the parameters from a saved network or re-initialize the head");
        }
        double[] logWeights = new double[2 * numModels];
        for (int k = 0; k < logWeights.length; k++) {
            logWeights[k] = Math.min(0.0, all[k] - logTotal);
        }
        long step = Math.max(1, Math.round(all[2 * numModels]));
        write(Switch.restore(numModels, theta, logWeights, step), logPosterior, state);
        return true;
    }

    /** @return the Switch stored in {@code state} ({@code [1, 2N+1]}: log-weights row A, row B, step) */
    static Switch read(int numModels, double theta, INDArray state) {
        double[] all = state.toDoubleVector();
        double[] logWeights = java.util.Arrays.copyOf(all, 2 * numModels);
        long step = Math.round(all[2 * numModels]);
        return Switch.restore(numModels, theta, logWeights, step);
    }

    /**
     * Writes the Switch into {@code logPosterior} ({@code [1, N]}) and {@code state}, in place: 3N+1 scalar writes,
     * cheaper than array ops for these few values.
     */
    static void write(Switch sw, INDArray logPosterior, INDArray state) {
        double[] weights = sw.logWeights();
        for (int k = 0; k < weights.length; k++) {
            state.putScalar(k, weights[k]);
        }
        state.putScalar(weights.length, sw.step());
        double[] logPost = sw.logPosterior();
        for (int j = 0; j < logPost.length; j++) {
            logPosterior.putScalar(j, logPost[j]);
        }
    }
}
