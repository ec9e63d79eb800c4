package org.alrao4j.dl4j.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link NativeDense}: DL4J's dense layer, {@code z = x W + b}, {@code y = act(z)}, with
 * <ul>
 *   <li>forward: {@code z = 1 b} and {@code z += x W} as two products into {@code z}, then the activation;</li>
 *   <li>backward: {@code dZ = act'(z) dY}, {@code dW = x^T dZ} straight into the gradient view,
 *       {@code db = 1^T dZ}, and {@code dX = dZ W^T} unless the configuration skips it.</li>
 * </ul>
 * The backward pass reuses the training forward pass before it when it is for the same input array (as in a
 * network's {@code fit}); otherwise it runs the forward pass again, as DL4J's dense layer always does. For ReLU
 * the derivative is taken from the output ({@code y > 0} exactly where {@code z > 0}), so nothing extra is
 * kept; other activations keep a copy of {@code z}. Layer normalisation and weight noise use DL4J's code.
 */
public class NativeDenseLayer extends DenseLayer {

    /** The input array of the last training forward pass, or null: what the kept arrays are valid for. */
    private INDArray forwardInput;
    /** Output of that pass (ReLU) or its pre-activation copy (other activations). */
    private INDArray forwardKept;
    private final AffineProducts products = new AffineProducts();
    /** Backward passes that had to run the forward pass again (read by tests). */
    int forwardRecomputations;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeDense})
     * @param dataType the network's data type
     */
    public NativeDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean usesDl4jPath() {
        return hasLayerNorm() || layerConf().getWeightNoise() != null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (usesDl4jPath()) {
            return super.activate(training, workspaceMgr);
        }
        forwardInput = null;
        forwardKept = null;
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = input.castTo(dataType);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        checkInput(x, w);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, w.dataType(), x.size(0), w.size(1));
        products.forward(x, w, hasBias() ? getParam(DefaultParamInitializer.BIAS_KEY) : null, z);
        IActivation act = layerConf().getActivationFn();
        INDArray y;
        if (PlainRelu.is(act)) {
            y = Nd4j.getExecutioner().exec(new RectifiedLinear(z, z, 0.0));
            if (training) {
                forwardKept = y;
            }
        } else {
            if (training && !(act instanceof ActivationIdentity)) {
                forwardKept = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
            }
            y = act.getActivation(z, training);
        }
        if (training) {
            forwardInput = input;
        }
        if (maskArray != null) {
            applyMask(y);
        }
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (usesDl4jPath()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        if (forwardInput != input) {
            forwardRecomputations++;
            activate(true, workspaceMgr);
        }
        INDArray delta = activationGradient(epsilon, workspaceMgr);
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient ret = products.parameterGradients(input, delta, gradientViews, hasBias());
        INDArray epsilonNext = null;
        if (((NativeDense) layerConf()).isInputGradient()) {
            INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
            epsilonNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                    new long[] {delta.size(0), w.size(0)}, 'c');
            AffineProducts.inputGradient(delta, w, epsilonNext);
            epsilonNext = backpropDropOutIfPresent(epsilonNext);
        }
        return new Pair<>(ret, epsilonNext);
    }

    /** {@code dZ = act'(z) dY}, from what the forward pass kept. */
    private INDArray activationGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        IActivation act = layerConf().getActivationFn();
        if (act instanceof ActivationIdentity) {
            return epsilon;
        }
        if (PlainRelu.is(act)) {
            INDArray delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(),
                    epsilon.shape(), 'c');
            return Nd4j.getExecutioner().exec(new RectifiedLinearDerivative(forwardKept, epsilon, delta, 0.0))[0];
        }
        // DL4J's activations overwrite their input with the gradient: give them a copy, the kept z may be reused
        return act.backprop(workspaceMgr.dup(ArrayType.BP_WORKING_MEM, forwardKept), epsilon).getFirst();
    }

    private void checkInput(INDArray x, INDArray w) {
        if (x.rank() != 2) {
            throw new DL4JInvalidInputException("Input that is not a matrix; expected matrix (rank 2), got rank "
                    + x.rank() + " array with shape " + Arrays.toString(x.shape())
                    + ". Missing preprocessor or wrong input type? " + layerId());
        }
        if (x.columns() != w.rows()) {
            throw new DL4JInvalidInputException("Input size (" + x.columns() + " columns; shape = "
                    + Arrays.toString(x.shape()) + ") is invalid: does not match layer input size (layer # inputs = "
                    + w.size(0) + ") " + layerId());
        }
    }

    @Override
    public void clear() {
        super.clear();
        forwardInput = null;
        forwardKept = null;
    }
}
