package org.alrao4j.dl4j.layers;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/** Which activations the native layers compute as plain {@code max(z, 0)} with the derivative {@code z > 0}. */
final class PlainRelu {

    private PlainRelu() {
    }

    /**
     * @return whether {@code act} is DL4J's ReLU without a cap or negative slope and with threshold 0 (a cap of
     *         0.0 is a cap: DL4J's forward pass clamps to it, although its backward pass ignores it)
     */
    static boolean is(IActivation act) {
        return act instanceof ActivationReLU relu && relu.getMax() == null && relu.getNegativeSlope() == null
                && (relu.getThreshold() == null || relu.getThreshold() == 0.0);
    }
}
