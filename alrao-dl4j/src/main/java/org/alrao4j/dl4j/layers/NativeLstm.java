package org.alrao4j.dl4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} (same parameters {@code W [nIn, 4n]}, {@code RW [n, 4n]}, {@code b [1, 4n]}, same gate
 * order, initialisation, dropout on the input, state handling) whose forward and backward passes are
 * {@code LstmTimeLoop}: a few ND4J operations per time step and the large matrix products outside the time
 * loop, instead of the dozens of small ND4J calls per time step of DL4J's {@code LSTMHelpers}, and a backward
 * pass that reuses the training forward pass instead of recomputing it. It <em>is</em> an {@link LSTM}
 * configuration, so everything that handles
 * LSTM parameters (Alrao's unit planner, updaters, constraints, JSON and model serialization) applies.
 *
 * <p>Build it as an LSTM: {@code new NativeLstm.Builder().nOut(100).activation(Activation.TANH).build()}
 * (the builder's {@code build()} returns a {@code NativeLstm}), or convert a built one with
 * {@link #of(LSTM)}. Restrictions, checked at build time: activation tanh and gate activation sigmoid (the
 * only ones the time loop implements, with their derivatives). Feature masks are refused at run time.
 */
public class NativeLstm extends LSTM {

    /** For Jackson and {@link #of(LSTM)}. */
    public NativeLstm() {
        super();
    }

    /**
     * @param lstm a built DL4J LSTM configuration
     * @return a NativeLstm with all of its settings (copied field by field)
     * @throws IllegalArgumentException if its activations are not tanh / sigmoid
     */
    public static NativeLstm of(LSTM lstm) {
        NativeLstm n = NativeConfigs.copy(lstm, new NativeLstm(), LSTM.class);
        n.checkActivations();
        return n;
    }

    /**
     * @param lstm a built DL4J LSTM configuration
     * @return whether {@link #of(LSTM)} accepts it (tanh activation, sigmoid gates)
     */
    public static boolean supports(LSTM lstm) {
        IActivation act = lstm.getActivationFn();
        return (act == null || act instanceof ActivationTanH) && lstm.getGateActivationFn() instanceof ActivationSigmoid;
    }

    /**
     * @throws IllegalArgumentException if the activation is not tanh or the gate activation not sigmoid
     */
    void checkActivations() {
        IActivation act = getActivationFn();
        if (act != null && !(act instanceof ActivationTanH)) {
            throw new IllegalArgumentException("NativeLstm '" + getLayerName() + "': activation is " + act
                    + " but NativeLstm implements only tanh (DL4J's LSTM default); set"
                    + " .activation(Activation.TANH) or use DL4J's LSTM for other activations");
        }
        if (!(getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("NativeLstm '" + getLayerName() + "': gate activation is "
                    + getGateActivationFn() + " but NativeLstm implements only sigmoid gates; set"
                    + " .gateActivationFunction(Activation.SIGMOID) or use DL4J's LSTM");
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("NativeLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        checkActivations();
        return NativeConfigs.wire(new NativeLstmLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** {@link LSTM.Builder} whose {@link #build()} returns a {@link NativeLstm}. */
    public static class Builder extends LSTM.Builder {

        /** @return the NativeLstm configuration */
        @Override
        public NativeLstm build() {
            return of(super.build());
        }
    }
}
