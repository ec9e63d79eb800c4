package org.alrao4j.dl4j.layers;

import static org.alrao4j.dl4j.layers.LstmOps.add;
import static org.alrao4j.dl4j.layers.LstmOps.mul;
import static org.alrao4j.dl4j.layers.LstmOps.oneMinus;
import static org.alrao4j.dl4j.layers.LstmOps.sigmoid;
import static org.alrao4j.dl4j.layers.LstmOps.tanh;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One LSTM layer's forward pass over a sequence, keeping what its backward pass (backpropagation through
 * time) needs, for one shape ({@code batch}, {@code steps}, {@code nIn}, {@code n}) and data type. The
 * equations are DL4J's LSTM without peepholes ({@code LSTMHelpers}; Hochreiter and Schmidhuber 1997 with the
 * forget gate of Gers et al. 2000), gate blocks in DL4J's parameter order a (block input), f, o, i:
 *
 * <pre>
 *   z_t = W^T x_t + RW^T h_{t-1} + b            a_t = tanh(z_a), f_t = sigm(z_f), o_t = sigm(z_o), i_t = sigm(z_i)
 *   c_t = f_t * c_{t-1} + i_t * a_t             h_t = o_t * tanh(c_t)
 * </pre>
 *
 * and backward, with {@code dh_t} the loss gradient reaching {@code h_t} (from above, plus {@code RW dz_{t+1}}):
 *
 * <pre>
 *   dc_t = dh_t * o_t * (1 - tanh^2 c_t) + dc_{t+1} * f_{t+1}
 *   dz_a = dc_t * i_t * (1 - a_t^2)          dz_f = dc_t * c_{t-1} * f_t (1 - f_t)
 *   dz_o = dh_t * tanh(c_t) * o_t (1 - o_t)  dz_i = dc_t * a_t * i_t (1 - i_t)
 *   dh_{t-1} += RW dz_t,   dW = sum_t x_t dz_t^T,   dRW = sum_t h_{t-1} dz_t^T,   db = sum_t dz_t,   dx_t = W dz_t
 * </pre>
 *
 * <p>Only the recurrence is a loop over time: one small matrix product and a few element-wise operations per
 * step. The input projection and the weight and input gradients are single matrix products over all steps.
 * Everything is stored unit-major ({@code [units, batch]} per step, {@code [steps, 4n, batch]} for the gates)
 * so that each gate's block of a step is one contiguous array: libnd4j's element-wise kernels are several
 * times slower on strided views. The buffers and the per-step views into them are allocated once, outside any
 * workspace, and reused by every call with the same shape, because creating an ND4J view costs about as much
 * as an element-wise operation on it.
 */
final class LstmTimeLoop {

    final DataType dataType;
    final long nIn;
    final long n;
    final long batch;
    final long steps;

    /** Input {@code [nIn, steps * batch]} (time-major columns). */
    private final INDArray x;
    /** {@code W^T x + b}, {@code [4n, steps * batch]}. */
    private final INDArray projection;
    /** {@code RW^T}, C order: as the left operand of a product its transposed F-order view costs twice as much. */
    private final INDArray recurrentT;
    /** {@code [1, steps * batch]} of ones: bias addition and bias gradient as matrix products. */
    private final INDArray ones;
    /** Activated gates a, f, o, i of each step, {@code [steps, 4n, batch]}. */
    private final INDArray gates;
    /** {@code c_{t-1}} for t = 0..steps: {@code [steps + 1, n, batch]}, entry 0 the initial state. */
    private final INDArray cells;
    /** {@code tanh(c_t)}, {@code [steps, n, batch]}. */
    private final INDArray tanhCells;
    /** {@code h_{t-1}} for t = 0..steps, {@code [steps + 1, n, batch]}, entry 0 the initial state. */
    private final INDArray hidden;
    private final INDArray tmp;

    private final INDArray[] gate;
    private final INDArray[] sigmoidGates;
    private final INDArray[] a;
    private final INDArray[] f;
    private final INDArray[] o;
    private final INDArray[] i;
    private final INDArray[] cell;
    private final INDArray[] tanhCell;
    private final INDArray[] h;

    private Backward backward;

    LstmTimeLoop(DataType dataType, long nIn, long n, long batch, long steps) {
        this.dataType = dataType;
        this.nIn = nIn;
        this.n = n;
        this.batch = batch;
        this.steps = steps;
        int t = Math.toIntExact(steps);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            x = Nd4j.create(dataType, nIn, steps * batch);
            projection = Nd4j.create(dataType, 4 * n, steps * batch);
            recurrentT = Nd4j.create(dataType, 4 * n, n);
            ones = Nd4j.ones(dataType, 1, steps * batch);
            gates = Nd4j.create(dataType, steps, 4 * n, batch);
            cells = Nd4j.create(dataType, steps + 1, n, batch);
            tanhCells = Nd4j.create(dataType, steps, n, batch);
            hidden = Nd4j.create(dataType, steps + 1, n, batch);
            tmp = Nd4j.create(dataType, n, batch);
        }
        gate = new INDArray[t];
        sigmoidGates = new INDArray[t];
        a = new INDArray[t];
        f = new INDArray[t];
        o = new INDArray[t];
        i = new INDArray[t];
        tanhCell = new INDArray[t];
        cell = new INDArray[t + 1];
        h = new INDArray[t + 1];
        for (int s = 0; s <= t; s++) {
            cell[s] = step(cells, s, 0, n);
            h[s] = step(hidden, s, 0, n);
            if (s < t) {
                gate[s] = step(gates, s, 0, 4 * n);
                sigmoidGates[s] = step(gates, s, n, 4 * n);
                a[s] = step(gates, s, 0, n);
                f[s] = step(gates, s, n, 2 * n);
                o[s] = step(gates, s, 2 * n, 3 * n);
                i[s] = step(gates, s, 3 * n, 4 * n);
                tanhCell[s] = step(tanhCells, s, 0, n);
            }
        }
    }

    /** @return rows {@code [from, to)} of step {@code s} of a {@code [steps, rows, batch]} buffer, contiguous */
    private static INDArray step(INDArray buffer, long s, long from, long to) {
        long rows = buffer.size(1);
        return buffer.reshape(buffer.size(0) * rows, buffer.size(2)).get(interval(s * rows + from, s * rows + to),
                all());
    }

    /**
     * Runs the recurrence from the initial state and keeps gates, cells and outputs for {@link #backward}.
     *
     * @param input {@code [batch, nIn, steps]} (NCW) or {@code [batch, steps, nIn]} (NWC) in this data type
     * @param nwc   whether input is NWC
     * @param w     {@code [nIn, 4n]}
     * @param rw    {@code [n, 4n]}
     * @param b     {@code [1, 4n]} or {@code [4n]}
     * @param h0    {@code [batch, n]} initial output or null for zeros
     * @param c0    {@code [batch, n]} initial cell state (null when h0 is null)
     */
    void forward(INDArray input, boolean nwc, INDArray w, INDArray rw, INDArray b, INDArray h0, INDArray c0) {
        x.reshape(nIn, steps, batch).assign(nwc ? input.permute(2, 1, 0) : input.permute(1, 2, 0));
        Nd4j.gemm(w, x, projection, true, false, 1.0, 0.0);
        // the bias as a rank-1 product b^T 1: a third of the time of a broadcast addition here
        Nd4j.gemm(b.reshape(1, 4 * n), ones, projection, true, false, 1.0, 1.0);
        gates.assign(projection.reshape(4 * n, steps, batch).permute(1, 0, 2));
        recurrentT.assign(rw.transpose());
        if (h0 == null) {
            h[0].assign(0);
            cell[0].assign(0);
        } else {
            h[0].assign(h0.transpose());
            cell[0].assign(c0.transpose());
        }
        for (int t = 0; t < steps; t++) {
            if (t > 0 || h0 != null) {
                Nd4j.gemm(recurrentT, h[t], gate[t], false, false, 1.0, 1.0);
            }
            sigmoid(sigmoidGates[t], sigmoidGates[t]);
            tanh(a[t], a[t]);
            mul(f[t], cell[t], cell[t + 1]);
            mul(i[t], a[t], tmp);
            add(cell[t + 1], tmp, cell[t + 1]);
            tanh(cell[t + 1], tanhCell[t]);
            mul(o[t], tanhCell[t], h[t + 1]);
        }
    }

    /** @return a view of the outputs of the last {@link #forward} in the layer's layout */
    INDArray output(boolean nwc) {
        INDArray out = hidden.get(interval(1, steps + 1), all(), all());
        return nwc ? out.permute(2, 0, 1) : out.permute(2, 1, 0);
    }

    /** @return a view of the last output {@code h_T}, {@code [batch, n]} */
    INDArray lastOutput() {
        return h[(int) steps].transpose();
    }

    /** @return a view of the last cell state {@code c_T}, {@code [batch, n]} */
    INDArray lastCell() {
        return cell[(int) steps].transpose();
    }

    /**
     * Backpropagation through time over the sequence of the last {@link #forward} (same weights).
     *
     * @param epsilon loss gradient of the outputs, in the layer's layout and this data type
     * @param nwc     whether epsilon and the input are NWC
     * @param w       {@code [nIn, 4n]}
     * @param rw      {@code [n, 4n]}
     * @param gW      receives the gradient of W
     * @param gRW     receives the gradient of RW
     * @param gb      receives the gradient of b ({@code [1, 4n]} or {@code [4n]})
     * @param dInput  receives the input gradient, the input's shape
     */
    void backward(INDArray epsilon, boolean nwc, INDArray w, INDArray rw, INDArray gW, INDArray gRW, INDArray gb,
                  INDArray dInput) {
        Backward k = backward == null ? backward = new Backward() : backward;
        k.dhAll.assign(nwc ? epsilon.permute(1, 2, 0) : epsilon.permute(2, 1, 0));
        // sigm' = s (1 - s) for the f, o, i blocks, vectorised over all steps; block a is overwritten per step
        oneMinus(gates, k.dzAll);
        mul(k.dzAll, gates, k.dzAll);
        mul(tanhCells, tanhCells, k.tanhDerivative);
        oneMinus(k.tanhDerivative, k.tanhDerivative);
        for (int t = (int) steps - 1; t >= 0; t--) {
            INDArray dc = k.dc[t & 1];
            INDArray dcNext = k.dc[(t + 1) & 1];
            boolean last = t == steps - 1;
            if (!last) {
                Nd4j.gemm(rw, k.dz[t + 1], k.dh[t], false, false, 1.0, 1.0);
            }
            mul(k.dh[t], o[t], dc);
            mul(dc, k.dTanh[t], dc);
            if (!last) {
                mul(dcNext, f[t + 1], tmp);
                add(dc, tmp, dc);
            }
            mul(k.dzo[t], tanhCell[t], k.dzo[t]);
            mul(k.dzo[t], k.dh[t], k.dzo[t]);
            mul(k.dzf[t], cell[t], k.dzf[t]);
            mul(k.dzf[t], dc, k.dzf[t]);
            mul(k.dzi[t], a[t], k.dzi[t]);
            mul(k.dzi[t], dc, k.dzi[t]);
            mul(a[t], a[t], k.dza[t]);
            oneMinus(k.dza[t], k.dza[t]);
            mul(k.dza[t], i[t], k.dza[t]);
            mul(k.dza[t], dc, k.dza[t]);
        }
        k.dzByUnit.reshape(4 * n, steps, batch).assign(k.dzAll.permute(1, 0, 2));
        Nd4j.gemm(x, k.dzByUnit, gW, false, true, 1.0, 0.0);
        k.hPrev.reshape(n, steps, batch).assign(hidden.get(interval(0, steps), all(), all()).permute(1, 0, 2));
        Nd4j.gemm(k.hPrev, k.dzByUnit, gRW, false, true, 1.0, 0.0);
        // the bias gradient as a product with ones: a quarter of the time of a sum along a dimension here
        Nd4j.gemm(ones, k.dzByUnit, gb.reshape(1, 4 * n), false, true, 1.0, 0.0);
        Nd4j.gemm(w, k.dzByUnit, k.dx, false, false, 1.0, 0.0);
        INDArray dx = k.dx.reshape(nIn, steps, batch);
        dInput.assign(nwc ? dx.permute(2, 1, 0) : dx.permute(2, 0, 1));
    }

    /** Buffers and views of the backward pass, allocated at the first backward call. */
    private final class Backward {
        final INDArray dhAll;
        final INDArray dzAll;
        final INDArray tanhDerivative;
        final INDArray dzByUnit;
        final INDArray hPrev;
        final INDArray dx;
        final INDArray[] dc = new INDArray[2];
        final INDArray[] dh;
        final INDArray[] dz;
        final INDArray[] dza;
        final INDArray[] dzf;
        final INDArray[] dzo;
        final INDArray[] dzi;
        final INDArray[] dTanh;

        Backward() {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                dhAll = Nd4j.create(dataType, steps, n, batch);
                dzAll = Nd4j.create(dataType, steps, 4 * n, batch);
                tanhDerivative = Nd4j.create(dataType, steps, n, batch);
                dzByUnit = Nd4j.create(dataType, 4 * n, steps * batch);
                hPrev = Nd4j.create(dataType, n, steps * batch);
                dx = Nd4j.create(dataType, nIn, steps * batch);
                dc[0] = Nd4j.create(dataType, n, batch);
                dc[1] = Nd4j.create(dataType, n, batch);
            }
            int t = Math.toIntExact(steps);
            dh = new INDArray[t];
            dz = new INDArray[t];
            dza = new INDArray[t];
            dzf = new INDArray[t];
            dzo = new INDArray[t];
            dzi = new INDArray[t];
            dTanh = new INDArray[t];
            for (int s = 0; s < t; s++) {
                dh[s] = step(dhAll, s, 0, n);
                dz[s] = step(dzAll, s, 0, 4 * n);
                dza[s] = step(dzAll, s, 0, n);
                dzf[s] = step(dzAll, s, n, 2 * n);
                dzo[s] = step(dzAll, s, 2 * n, 3 * n);
                dzi[s] = step(dzAll, s, 3 * n, 4 * n);
                dTanh[s] = step(tanhDerivative, s, 0, n);
            }
        }
    }
}
