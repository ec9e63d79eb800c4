package org.alrao4j.dl4j.layers;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseTransformSameOp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few ND4J operations of {@link LstmTimeLoop}, chosen for their fixed cost: the time loop runs them on
 * {@code [n, batch]} blocks (2,000 elements in the char-LSTM), where the call, not the arithmetic, is most of
 * the time. Element-wise products and sums go through libnd4j's legacy pairwise transforms (about 1.5 us a
 * call on the benchmark machine against about 4.5 us for {@code INDArray.mul}, which runs the broadcasting
 * {@code multiply} custom op); sigmoid and tanh are legacy transforms. Matrix products need no wrapper:
 * {@code Nd4j.gemm} writes into a view and accumulates with {@code beta = 1}.
 */
final class LstmOps {

    /** libnd4j's legacy pairwise transform numbers (PAIRWISE_TRANSFORM_OPS in legacy_ops.h). */
    private static final int ADD = 0;
    private static final int MULTIPLY = 3;

    private LstmOps() {
    }

    /** {@code z = x * y} element-wise; all three of the same length, any may alias. */
    static void mul(INDArray x, INDArray y, INDArray z) {
        Nd4j.getExecutioner().exec(new Pairwise(MULTIPLY, x, y, z));
    }

    /** {@code z = x + y} element-wise. */
    static void add(INDArray x, INDArray y, INDArray z) {
        Nd4j.getExecutioner().exec(new Pairwise(ADD, x, y, z));
    }

    /** {@code z = 1 - x}. */
    static void oneMinus(INDArray x, INDArray z) {
        Nd4j.getExecutioner().exec(new ScalarReverseSubtraction(x, null, z, 1.0));
    }

    /** {@code z = sigmoid(x)}. */
    static void sigmoid(INDArray x, INDArray z) {
        Nd4j.getExecutioner().exec(new Sigmoid(x, z));
    }

    /** {@code z = tanh(x)}. */
    static void tanh(INDArray x, INDArray z) {
        Nd4j.getExecutioner().exec(new Tanh(x, z));
    }

    /** A legacy pairwise transform selected by number (ND4J M2.1 only wraps a few of them in classes). */
    private static final class Pairwise extends BaseTransformSameOp {
        private final int num;

        Pairwise(int num, INDArray x, INDArray y, INDArray z) {
            super(x, y, z);
            this.num = num;
        }

        @Override
        public int opNum() {
            return num;
        }

        @Override
        public String opName() {
            return num == MULTIPLY ? "legacy_multiply" : "legacy_add";
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> f1) {
            throw new UnsupportedOperationException("not differentiable: used on arrays only");
        }
    }
}
