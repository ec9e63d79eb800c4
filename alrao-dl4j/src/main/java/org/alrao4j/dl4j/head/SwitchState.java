package org.alrao4j.dl4j.head;

import org.alrao4j.core.Switch;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Moves a {@link Switch} in and out of the head's parameter arrays, so the network's params carry it. */
final class SwitchState {

    private SwitchState() {
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
