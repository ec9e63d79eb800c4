package org.alrao4j.dl4j.layers;

import java.util.Map;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The matrix products of an affine layer {@code z = x W + b} ({@link NativeDenseLayer}, {@link NativeOutputLayer}),
 * each computed straight into its destination: the bias is added and its gradient summed as rank-one products
 * with a column of ones (kept outside workspaces, per batch size and data type), where a broadcast add and a
 * dimension sum are separate ND4J ops of several times the cost at these sizes.
 */
final class AffineProducts {

    private INDArray ones;

    /** Writes {@code z = 1 b + x W} ({@code b} may be null) into {@code z [n, nOut]}. */
    void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
        if (b != null) {
            Nd4j.gemm(ones(z.size(0), z.dataType()), row(b), z, false, false, 1.0, 0.0);
        }
        Nd4j.gemm(x, w, z, false, false, 1.0, b != null ? 1.0 : 0.0);
    }

    /**
     * Writes {@code dW = x^T dZ} and, when the layer has a bias, {@code db = 1^T dZ} into DL4J's gradient views.
     *
     * @param views the layer's gradient views by parameter key
     * @return the layer's gradient, naming those views
     */
    Gradient parameterGradients(INDArray x, INDArray delta, Map<String, INDArray> views, boolean hasBias) {
        Gradient ret = new DefaultGradient();
        if (hasBias) {
            INDArray biasGrad = views.get(DefaultParamInitializer.BIAS_KEY);
            Nd4j.gemm(ones(delta.size(0), delta.dataType()), delta, row(biasGrad), true, false, 1.0, 0.0);
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray weightGrad = views.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(x.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        return ret;
    }

    /** Writes the input gradient {@code dX = dZ W^T} into {@code epsilon [n, nIn]}. */
    static void inputGradient(INDArray delta, INDArray w, INDArray epsilon) {
        Nd4j.gemm(delta, w, epsilon, false, true, 1.0, 0.0);
    }

    /** DL4J M2.1 keeps biases as vectors {@code [nOut]}; products need the row view {@code [1, nOut]}. */
    private static INDArray row(INDArray bias) {
        return bias.rank() == 2 ? bias : bias.reshape('c', 1, bias.length());
    }

    private INDArray ones(long rows, DataType type) {
        if (ones == null || ones.size(0) != rows || ones.dataType() != type) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, rows, 1);
            }
        }
        return ones;
    }
}
