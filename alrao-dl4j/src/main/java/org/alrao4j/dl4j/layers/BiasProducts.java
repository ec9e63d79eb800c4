package org.alrao4j.dl4j.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer's bias arithmetic as rank-one matrix products with a column of ones (kept outside workspaces, per
 * batch size and data type): {@code z = 1 b} starts a pre-output that {@code x W} is then accumulated into, and
 * {@code db = 1^T dZ} sums a gradient's rows. One product each, where a broadcast add and a dimension sum are
 * separate ND4J ops of several times the cost at these sizes.
 */
final class BiasProducts {

    private INDArray ones;

    /** Writes {@code 1 b} into every row of {@code z [n, nOut]}. */
    void broadcastInto(INDArray bias, INDArray z) {
        Nd4j.gemm(ones(z.size(0), z.dataType()), row(bias), z, false, false, 1.0, 0.0);
    }

    /** Writes the column sums of {@code delta [n, nOut]} into {@code biasGrad [nOut]}. */
    void sumRowsInto(INDArray delta, INDArray biasGrad) {
        Nd4j.gemm(ones(delta.size(0), delta.dataType()), delta, row(biasGrad), true, false, 1.0, 0.0);
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
