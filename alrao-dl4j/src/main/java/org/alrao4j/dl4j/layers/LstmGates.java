package org.alrao4j.dl4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gate-block order conversion between DL4J's LSTM and libnd4j's {@code lstmLayer}. Along the {@code 4n}
 * columns, DL4J ({@code LSTMHelpers}) stores [block input (tanh), forget, output, input gate] and libnd4j
 * [input gate, forget, block input (tanh), output]: native block k is DL4J block {@link #DL4J_BLOCK}[k].
 */
final class LstmGates {

    /** DL4J block index of each native block (input gate, forget, cell candidate, output). */
    static final int[] DL4J_BLOCK = {3, 1, 0, 2};

    private LstmGates() {
    }

    /**
     * @param dl4j a {@code [rows, 4n]} matrix in DL4J gate order
     * @param n    units
     * @return a new C-order {@code [rows, 4n]} matrix in native gate order
     */
    static INDArray toNative(INDArray dl4j, long n) {
        INDArray out = Nd4j.createUninitialized(dl4j.dataType(), new long[] {dl4j.size(0), 4 * n}, 'c');
        for (int k = 0; k < 4; k++) {
            out.get(all(), interval(k * n, (k + 1) * n))
                    .assign(dl4j.get(all(), interval(DL4J_BLOCK[k] * n, (DL4J_BLOCK[k] + 1) * n)));
        }
        return out;
    }

    /**
     * Writes a native-order gradient into a DL4J-order view.
     *
     * @param nat  {@code [rows, 4n]} in native gate order
     * @param dl4j {@code [rows, 4n]} destination (a gradient view) in DL4J gate order
     * @param n    units
     */
    static void toDl4j(INDArray nat, INDArray dl4j, long n) {
        for (int k = 0; k < 4; k++) {
            dl4j.get(all(), interval(DL4J_BLOCK[k] * n, (DL4J_BLOCK[k] + 1) * n))
                    .assign(nat.get(all(), interval(k * n, (k + 1) * n)));
        }
    }
}
