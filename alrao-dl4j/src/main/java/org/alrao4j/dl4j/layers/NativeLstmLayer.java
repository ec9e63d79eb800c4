package org.alrao4j.dl4j.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link NativeLstm}: DL4J's LSTM layer with {@code activate} and {@code backpropGradient} done by
 * libnd4j's {@code lstmLayer} and {@code lstmLayer_bp} (unidirectional, no peepholes, sigmoid gates, tanh
 * cell and output activations, initial state {@code hI}/{@code cI} for stored and TBPTT state). Weights are
 * converted to the op's gate order on each call ({@link LstmGates}); gradients are written back into DL4J's
 * gradient views in DL4J's order. Same state keys as DL4J's LSTM ({@link #STATE_KEY_PREV_ACTIVATION},
 * {@link #STATE_KEY_PREV_MEMCELL}).
 */
public class NativeLstmLayer extends LSTM {

    private static final int GATE_SIGMOID = 2;
    private static final int ACT_TANH = 0;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeLstm})
     * @param dataType the network's data type
     */
    public NativeLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Result of one forward op call. */
    private record Forward(INDArray out, INDArray lastH, INDArray lastC) {
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, null, false, workspaceMgr).out();
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                true, workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, f.lastH().detach());
        stateMap.put(STATE_KEY_PREV_MEMCELL, f.lastC().detach());
        return f.out();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(training, tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION),
                tBpttStateMap.get(STATE_KEY_PREV_MEMCELL), storeLastForTBPTT, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, f.lastH().detach());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, f.lastC().detach());
        }
        return f.out();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, false, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, true, tbpttBackwardLength, workspaceMgr);
    }

    private Forward forward(boolean training, INDArray h0, INDArray c0, boolean wantLast, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        checkInput();
        applyDropOutIfNecessary(training, mgr);
        INDArray x = opInput();
        long n = layerConf().getNOut();
        long batch = x.size(0);
        INDArray[] w = nativeWeights(training, mgr);
        boolean hasState = h0 != null;
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder("lstmLayer")
                .addIntegerArguments(format(), 0, GATE_SIGMOID, ACT_TANH, ACT_TANH).addFloatingPointArguments(0.0)
                .addBooleanArguments(true, false, hasState, hasState, false, true, wantLast, wantLast);
        List<INDArray> in = new ArrayList<>(List.of(x, w[0], w[1], w[2]));
        if (hasState) {
            checkState(h0, batch, n);
            in.add(h0.castTo(x.dataType()));
            in.add(c0.castTo(x.dataType()));
        }
        DynamicCustomOp op = b.addInputs(in.toArray(new INDArray[0])).build();
        INDArray out = Nd4j.createUninitialized(x.dataType(), new long[] {batch, n, x.size(2)}, 'c');
        op.addOutputArgument(out);
        INDArray lastH = null;
        INDArray lastC = null;
        if (wantLast) {
            lastH = Nd4j.createUninitialized(x.dataType(), batch, n);
            lastC = Nd4j.createUninitialized(x.dataType(), batch, n);
            op.addOutputArgument(lastH, lastC);
        }
        Nd4j.exec(op);
        INDArray result = nwc() ? out.permute(0, 2, 1) : out;
        return new Forward(mgr.leverageTo(ArrayType.ACTIVATIONS, result.dup('c')), lastH, lastC);
    }

    private Pair<Gradient, INDArray> backprop(INDArray epsilon, boolean truncated, int tbpttBackwardLength,
                                              LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray h0 = null;
        INDArray c0 = null;
        if (truncated) {
            long steps = input.size(nwc() ? 1 : 2);
            if (tbpttBackwardLength < steps) {
                throw new UnsupportedOperationException("NativeLstm '" + layerConf().getLayerName()
                        + "': tBPTTBackwardLength " + tbpttBackwardLength + " is shorter than the segment's "
                        + steps + " time steps; the native lstmLayer_bp op backpropagates through the whole"
                        + " segment. Set tBPTTBackwardLength equal to tBPTTForwardLength, or use DL4J's LSTM");
            }
            // as DL4J's LSTM: the forward pass of backprop starts from stateMap and stores its end state
            h0 = stateMap.get(STATE_KEY_PREV_ACTIVATION);
            c0 = stateMap.get(STATE_KEY_PREV_MEMCELL);
            Forward f = forward(true, h0, c0, true, mgr);
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, f.lastH().detach());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, f.lastC().detach());
        } else {
            checkInput();
            applyDropOutIfNecessary(true, mgr);
        }
        INDArray x = opInput();
        long n = layerConf().getNOut();
        long batch = x.size(0);
        INDArray[] w = nativeWeights(true, mgr);
        boolean hasState = h0 != null;
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder("lstmLayer_bp")
                .addIntegerArguments(format(), 0, GATE_SIGMOID, ACT_TANH, ACT_TANH).addFloatingPointArguments(0.0)
                .addBooleanArguments(true, false, hasState, hasState, false, true, false, false);
        List<INDArray> in = new ArrayList<>(List.of(x, w[0], w[1], w[2]));
        if (hasState) {
            checkState(h0, batch, n);
            in.add(h0.castTo(x.dataType()));
            in.add(c0.castTo(x.dataType()));
        }
        INDArray eps = epsilon.castTo(x.dataType());
        in.add(contiguous(nwc() ? eps.permute(0, 2, 1) : eps));
        DynamicCustomOp op = b.addInputs(in.toArray(new INDArray[0])).build();
        INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        INDArray dW = Nd4j.createUninitialized(x.dataType(), w[0].shape());
        INDArray dRW = Nd4j.createUninitialized(x.dataType(), w[1].shape());
        INDArray db = Nd4j.createUninitialized(x.dataType(), w[2].shape());
        op.addOutputArgument(dx, dW, dRW, db);
        if (hasState) {
            op.addOutputArgument(Nd4j.createUninitialized(x.dataType(), batch, n),
                    Nd4j.createUninitialized(x.dataType(), batch, n));
        }
        Nd4j.exec(op);

        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        LstmGates.toDl4j(dW, gW, n);
        LstmGates.toDl4j(dRW, gRW, n);
        LstmGates.toDl4j(db.reshape(1, 4 * n), gb, n);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        g.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        g.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gb);
        weightNoiseParams.clear();
        INDArray dIn = mgr.leverageTo(ArrayType.ACTIVATION_GRAD, (nwc() ? dx.permute(0, 2, 1) : dx).dup('c'));
        return new Pair<>(g, backpropDropOutIfPresent(dIn));
    }

    /** @return W, RW and b (rank 1) in the native op's gate order and the input's data type */
    private INDArray[] nativeWeights(boolean training, LayerWorkspaceMgr mgr) {
        long n = layerConf().getNOut();
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, mgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, mgr);
        DataType dt = input.dataType();
        return new INDArray[] {LstmGates.toNative(w.castTo(dt), n), LstmGates.toNative(rw.castTo(dt), n),
            LstmGates.toNative(b.castTo(dt).reshape(1, 4 * n), n).reshape(4 * n)};
    }

    private void checkInput() {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("NativeLstm '" + layerConf().getLayerName() + "': input must be"
                    + " rank 3 ([batch, nIn, time] for NCW, [batch, time, nIn] for NWC) but has shape "
                    + java.util.Arrays.toString(input.shape()) + "; add an RNN input type or preprocessor");
        }
        if (maskArray != null) {
            throw new UnsupportedOperationException("NativeLstm '" + layerConf().getLayerName() + "': feature"
                    + " masks (shape " + java.util.Arrays.toString(maskArray.shape()) + ") are not supported by the"
                    + " native lstmLayer path; use DL4J's LSTM for masked (variable-length) sequences");
        }
    }

    private void checkState(INDArray h0, long batch, long n) {
        if (h0.rank() != 2 || h0.size(0) != batch || h0.size(1) != n) {
            throw new IllegalStateException("NativeLstm '" + layerConf().getLayerName() + "': stored state has"
                    + " shape " + java.util.Arrays.toString(h0.shape()) + " but the input needs [" + batch + ", " + n
                    + "]; call rnnClearPreviousState() when the minibatch size changes");
        }
    }

    /** @return the (possibly dropped-out) input as C-contiguous {@code [batch, nIn, time]} in the layer's type */
    private INDArray opInput() {
        INDArray x = input.castTo(dataType);
        return contiguous(nwc() ? x.permute(0, 2, 1) : x);
    }

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }

    /**
     * @return lstmLayer's dataFormat, always 2 = [batch, nIn, time]; NWC data is permuted to it, since with
     * format 1 libnd4j M2.1 dispatches float inputs to its oneDNN lstmLayer, which fails ("object is not
     * initialized")
     */
    private static int format() {
        return 2;
    }

    private boolean nwc() {
        return TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NWC;
    }
}
