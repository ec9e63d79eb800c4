package org.alrao4j.dl4j.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link NativeLstm}: DL4J's LSTM layer with {@code activate} and {@code backpropGradient} done by
 * {@code LstmTimeLoop} (a few ND4J operations per time step, large matrix products outside the loop) instead
 * of DL4J's {@code LSTMHelpers}. Same parameters, gate order, state keys ({@link #STATE_KEY_PREV_ACTIVATION},
 * {@link #STATE_KEY_PREV_MEMCELL}) and results as DL4J's LSTM.
 *
 * <p>A training forward pass keeps its gates and cell states, and the backward pass that follows reuses them
 * when it is for the same input, parameters and initial state (compared by identity, as in a network's
 * {@code fit}); otherwise it runs the forward pass again, as DL4J's LSTM always does.
 */
public class NativeLstmLayer extends LSTM {

    /** Buffers are kept for a few shapes, e.g. training batches, the last smaller batch and one-step sampling. */
    private static final int SHAPES_KEPT = 3;

    private final Map<List<Long>, LstmTimeLoop> loops = new LinkedHashMap<>(4, 0.75f, true);
    /** What the last training forward pass ran on, or null: the key its kept gates are valid for. */
    private List<Object> forwardKey;
    private LstmTimeLoop forwardLoop;
    /** Backward passes that had to run the forward pass again (read by tests). */
    int forwardRecomputations;

    /**
     * @param conf     the layer's configuration (its layer is a {@link NativeLstm})
     * @param dataType the network's data type
     */
    public NativeLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Result of one forward pass: the loop whose buffers hold it, and its output in the activations workspace. */
    private record Forward(LstmTimeLoop loop, INDArray out) {
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return forward(training, null, null, workspaceMgr).out();
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                workspaceMgr);
        storeLastState(f.loop(), stateMap);
        return f.out();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(training, tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION),
                tBpttStateMap.get(STATE_KEY_PREV_MEMCELL), workspaceMgr);
        if (storeLastForTBPTT) {
            storeLastState(f.loop(), tBpttStateMap);
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

    private Forward forward(boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        checkInput();
        applyDropOutIfNecessary(training, mgr);
        INDArray[] w = weights(training, mgr);
        LstmTimeLoop loop = run(w, h0, c0);
        forwardKey = training ? key(w, h0, c0) : null;
        forwardLoop = loop;
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, outputShape(loop), 'c');
        out.assign(loop.output(nwc()));
        return new Forward(loop, out);
    }

    private LstmTimeLoop run(INDArray[] w, INDArray h0, INDArray c0) {
        boolean nwc = nwc();
        long batch = input.size(0);
        long steps = input.size(nwc ? 1 : 2);
        long n = layerConf().getNOut();
        LstmTimeLoop loop = loop(batch, steps, input.size(nwc ? 2 : 1), n);
        if (h0 != null) {
            checkState(h0, batch, n);
        }
        loop.forward(input.castTo(dataType), nwc, w[0], w[1], w[2], h0 == null ? null : h0.castTo(dataType),
                c0 == null ? null : c0.castTo(dataType));
        return loop;
    }

    private Pair<Gradient, INDArray> backprop(INDArray epsilon, boolean truncated, int tbpttBackwardLength,
                                              LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        checkInput();
        INDArray h0 = null;
        INDArray c0 = null;
        if (truncated) {
            long steps = input.size(nwc() ? 1 : 2);
            if (tbpttBackwardLength < steps) {
                throw new UnsupportedOperationException("NativeLstm '" + layerConf().getLayerName()
                        + "': tBPTTBackwardLength " + tbpttBackwardLength + " is shorter than the segment's "
                        + steps + " time steps; NativeLstm backpropagates through the whole segment. Set"
                        + " tBPTTBackwardLength equal to tBPTTForwardLength, or use DL4J's LSTM");
            }
            // as DL4J's LSTM: the backward pass starts from stateMap and stores its end state
            h0 = stateMap.get(STATE_KEY_PREV_ACTIVATION);
            c0 = stateMap.get(STATE_KEY_PREV_MEMCELL);
        }
        boolean dropoutBefore = dropoutApplied;
        applyDropOutIfNecessary(true, mgr);
        INDArray[] w = weights(true, mgr);
        LstmTimeLoop loop = forwardLoop;
        // dropout applied only now means the kept forward pass saw a different input
        if (forwardKey == null || !forwardKey.equals(key(w, h0, c0)) || dropoutApplied != dropoutBefore) {
            loop = run(w, h0, c0);
            forwardRecomputations++;
        }
        forwardKey = null;
        if (truncated) {
            storeLastState(loop, tBpttStateMap);
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gb = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        INDArray dIn = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        loop.backward(epsilon.castTo(dataType), nwc(), w[0], w[1], gW, gRW, gb, dIn);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        g.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        g.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gb);
        weightNoiseParams.clear();
        return new Pair<>(g, backpropDropOutIfPresent(dIn));
    }

    /**
     * Identity of what a forward pass depends on. Identity, not content: within a network's fit nothing
     * changes these arrays between the forward and the backward pass, and comparing contents would cost more
     * than the forward pass saved.
     */
    private List<Object> key(INDArray[] w, INDArray h0, INDArray c0) {
        return Arrays.asList(new IdentityKey(input), new IdentityKey(w[0]), new IdentityKey(w[1]),
                new IdentityKey(w[2]), new IdentityKey(h0), new IdentityKey(c0));
    }


    /** @return W, RW and b (with weight noise in training, as DL4J's LSTM) in the layer's data type */
    private INDArray[] weights(boolean training, LayerWorkspaceMgr mgr) {
        return new INDArray[] {
            getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, mgr).castTo(dataType),
            getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr).castTo(dataType),
            getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, mgr).castTo(dataType)};
    }

    private LstmTimeLoop loop(long batch, long steps, long nIn, long n) {
        List<Long> shape = List.of(batch, steps, nIn, n);
        LstmTimeLoop loop = loops.get(shape);
        if (loop == null || loop.dataType != dataType) {
            loop = new LstmTimeLoop(dataType, nIn, n, batch, steps);
            loops.put(shape, loop);
            if (loops.size() > SHAPES_KEPT) {
                loops.remove(loops.keySet().iterator().next());
            }
        }
        return loop;
    }

    /** Copies the last output and cell state (which the loop's buffers will overwrite) into a state map. */
    private static void storeLastState(LstmTimeLoop loop, Map<String, INDArray> state) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.put(STATE_KEY_PREV_ACTIVATION, loop.lastOutput().dup('c'));
            state.put(STATE_KEY_PREV_MEMCELL, loop.lastCell().dup('c'));
        }
    }

    private long[] outputShape(LstmTimeLoop loop) {
        return nwc() ? new long[] {loop.batch, loop.steps, loop.n} : new long[] {loop.batch, loop.n, loop.steps};
    }

    private void checkInput() {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("NativeLstm '" + layerConf().getLayerName() + "': input must be"
                    + " rank 3 ([batch, nIn, time] for NCW, [batch, time, nIn] for NWC) but has shape "
                    + Arrays.toString(input.shape()) + "; add an RNN input type or preprocessor");
        }
        if (maskArray != null) {
            throw new UnsupportedOperationException("NativeLstm '" + layerConf().getLayerName() + "': feature"
                    + " masks (shape " + Arrays.toString(maskArray.shape()) + ") are not supported by NativeLstm;"
                    + " use DL4J's LSTM for masked (variable-length) sequences");
        }
    }

    private void checkState(INDArray h0, long batch, long n) {
        if (h0.rank() != 2 || h0.size(0) != batch || h0.size(1) != n) {
            throw new IllegalStateException("NativeLstm '" + layerConf().getLayerName() + "': stored state has"
                    + " shape " + Arrays.toString(h0.shape()) + " but the input needs [" + batch + ", " + n
                    + "]; call rnnClearPreviousState() when the minibatch size changes");
        }
    }

    private boolean nwc() {
        return TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NWC;
    }
}
