package org.alrao4j.zoo;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's default weight initialisation of {@code nn.Conv2d} and {@code nn.Linear} ({@code kaiming_uniform_}
 * with {@code a = sqrt(5)}): U(-1/sqrt(fanIn), 1/sqrt(fanIn)), which the reference's CIFAR models use. DL4J has no
 * built-in scheme with this bound ({@code LECUN_UNIFORM} is sqrt(3) times wider). Biases stay at DL4J's constant
 * bias init (0) where PyTorch draws them from the same uniform.
 */
public class TorchDefaultInit implements IWeightInit {

    private static final long serialVersionUID = 1L;

    /** Creates the initialiser; it has no settings. */
    public TorchDefaultInit() {
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        double bound = 1 / Math.sqrt(fanIn);
        Nd4j.rand(paramView, Nd4j.getDistributions().createUniform(-bound, bound));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchDefaultInit;
    }

    @Override
    public int hashCode() {
        return TorchDefaultInit.class.hashCode();
    }

    @Override
    public String toString() {
        return "TorchDefaultInit()";
    }
}
