package org.alrao4j.dl4j.layers;

import static org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest.features;
import static org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest.labels;
import static org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest.pair;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * NativeLstm's backward pass reuses the gates of the training forward pass before it and keeps its buffers
 * per shape: these cases check that every such path still equals DL4J's LSTM (reused and recomputed forward
 * passes, stored state, changed inputs, shapes that come and go, dropout).
 */
class NativeLstmReuseTest {

    private static final LayerWorkspaceMgr MGR = LayerWorkspaceMgr.noWorkspaces();

    /**
     * Stored state, then a training forward pass from it and the truncated-BPTT backward pass (which reuses
     * that forward pass: same input and same state arrays), against DL4J's LSTM doing the same.
     */
    @ParameterizedTest
    @MethodSource("org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest#cases")
    void backwardFromStoredStateReusesTheForwardPass(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, false);
        INDArray warmUp = features(dt, format, 2, 4);
        INDArray x = features(dt, format, 2, 6).mul(0.7);
        INDArray eps = epsilon(dt, format, 9);
        Pair<?, INDArray>[] results = new Pair[2];
        INDArray[] out = new INDArray[2];
        INDArray[] grads = new INDArray[2];
        for (int k = 0; k < 2; k++) {
            n[k].initGradientsView();
            BaseRecurrentLayer<?> layer = (BaseRecurrentLayer<?>) n[k].getLayer(0);
            layer.rnnTimeStep(warmUp, MGR);
            layer.rnnSetTBPTTState(layer.rnnGetPreviousState());
            out[k] = layer.rnnActivateUsingStoredState(x, true, true, MGR).dup();
            results[k] = layer.tbpttBackpropGradient(eps, 6, MGR);
            grads[k] = layer.getGradientsViewArray().dup();
        }
        assertThat(((NativeLstmLayer) n[1].getLayer(0)).forwardRecomputations).isZero();
        assertClose(out[1], out[0], tol);
        assertClose(results[1].getSecond(), results[0].getSecond(), tol);
        assertClose(grads[1], grads[0], tol);
        assertStatesClose(n, tol);
    }

    /** A backward pass for another input than the last forward pass's recomputes the forward pass. */
    @ParameterizedTest
    @MethodSource("org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest#cases")
    void backwardForAnotherInputRecomputes(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, false);
        INDArray first = features(dt, format, 2, 6);
        INDArray second = first.mul(-0.5).add(0.1);
        INDArray eps = epsilon(dt, format, 4);
        Pair<?, INDArray>[] results = new Pair[2];
        INDArray[] grads = new INDArray[2];
        for (int k = 0; k < 2; k++) {
            n[k].initGradientsView();
            Layer layer = n[k].getLayer(0);
            layer.activate(first, true, MGR);
            layer.setInput(second, MGR);
            results[k] = layer.backpropGradient(eps, MGR);
            grads[k] = layer.getGradientsViewArray().dup();
        }
        assertThat(((NativeLstmLayer) n[1].getLayer(0)).forwardRecomputations).isEqualTo(1);
        assertClose(results[1].getSecond(), results[0].getSecond(), tol);
        assertClose(grads[1], grads[0], tol);
    }

    /**
     * A ComputationGraph's fit (workspaces on, dropout, the benchmark's kind of network) never runs an LSTM
     * forward pass twice, and trains as DL4J's LSTM does.
     */
    @Test
    void graphFitReusesEveryForwardPass() {
        ComputationGraph[] g = {graph(false), graph(true)};
        g[1].setParams(g[0].params().dup());
        INDArray x = features(DataType.FLOAT, RNNFormat.NCW, 4, 7);
        INDArray y = labels(DataType.FLOAT, RNNFormat.NCW, 4, 7);
        for (int i = 0; i < 3; i++) {
            g[0].fit(new INDArray[] {x}, new INDArray[] {y});
            g[1].fit(new INDArray[] {x}, new INDArray[] {y});
        }
        for (String name : new String[] {"l1", "l2"}) {
            assertThat(((NativeLstmLayer) g[1].getLayer(name)).forwardRecomputations).as(name).isZero();
        }
        assertClose(g[1].params(), g[0].params(), 1e-5);
    }

    private static ComputationGraph graph(boolean nativeLstm) {
        LSTM.Builder a = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        LSTM.Builder b = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6)
                .dataType(DataType.FLOAT).updater(new Sgd(0.2)).graphBuilder().addInputs("in")
                .addLayer("l1", a.nOut(6).activation(Activation.TANH).dropOut(new FixedMaskDropout()).build(), "in")
                .addLayer("l2", b.nOut(5).activation(Activation.TANH).dropOut(new FixedMaskDropout()).build(), "l1")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build(), "l2")
                .setOutputs("out").setInputTypes(InputType.recurrent(3, 7)).build());
        net.init();
        return net;
    }

    /**
     * Batch sizes and lengths that change from call to call (more shapes than the layer keeps buffers for),
     * for outputs and gradients.
     */
    @Test
    void changingShapesMatch() {
        MultiLayerNetwork[] n = pair(DataType.DOUBLE, RNNFormat.NCW, false);
        int[][] shapes = {{2, 6}, {3, 6}, {2, 1}, {1, 5}, {4, 2}, {2, 6}, {3, 6}};
        for (int[] s : shapes) {
            INDArray x = features(DataType.DOUBLE, RNNFormat.NCW, s[0], s[1]);
            INDArray y = labels(DataType.DOUBLE, RNNFormat.NCW, s[0], s[1]);
            assertClose(n[1].output(x), n[0].output(x), 1e-10);
            for (MultiLayerNetwork net : n) {
                net.setInput(x);
                net.setLabels(y);
                net.computeGradientAndScore();
            }
            assertClose(n[1].getFlattenedGradients(), n[0].getFlattenedGradients(), 1e-10);
        }
    }

    /**
     * Input dropout, with a fixed mask so that both layers drop the same inputs (DL4J's random masks are not
     * drawn in the same order by the two layer types): training, including the masked input epsilon, matches
     * DL4J's LSTM. The reference is always DL4J in NCW: with NWC data and dropout, DL4J M2.1's LSTM computes
     * wrong weight gradients (a finite-difference check agrees with NativeLstm, not with it).
     */
    @ParameterizedTest
    @MethodSource("org.alrao4j.dl4j.layers.NativeLstmEquivalenceTest#cases")
    void dropoutTrainingMatches(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork dl4j = dropoutNet(false, dt, RNNFormat.NCW);
        MultiLayerNetwork nat = dropoutNet(true, dt, format);
        nat.setParams(dl4j.params().dup());
        for (int i = 0; i < 3; i++) {
            dl4j.fit(features(dt, RNNFormat.NCW, 3, 5), labels(dt, RNNFormat.NCW, 3, 5));
            nat.fit(features(dt, format, 3, 5), labels(dt, format, 3, 5));
        }
        for (int layer = 0; layer < 2; layer++) {
            assertThat(((NativeLstmLayer) nat.getLayer(layer)).forwardRecomputations).isZero();
        }
        assertClose(nat.params(), dl4j.params(), tol * 10);
    }

    private static MultiLayerNetwork dropoutNet(boolean nativeLstm, DataType dt, RNNFormat format) {
        LSTM.Builder a = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        LSTM.Builder b = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).dataType(dt)
                .updater(new Sgd(0.3)).list()
                .layer(a.nOut(5).activation(Activation.TANH).dropOut(new FixedMaskDropout()).dataFormat(format)
                        .build())
                .layer(b.nOut(4).activation(Activation.TANH).dropOut(new FixedMaskDropout()).dataFormat(format)
                        .build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).dataFormat(format).build())
                .setInputType(InputType.recurrent(3, 5, format)).build());
        net.init();
        return net;
    }

    /**
     * Inverted dropout with a fixed mask: element (b, j, k) of a rank-3 array is dropped when b + j + k is a
     * multiple of 3, the others are multiplied by 1.5. Symmetric in j and k, so that it drops the same inputs
     * whether a layer applies it in NCW or NWC layout.
     */
    static final class FixedMaskDropout implements IDropout {
        @Override
        public INDArray applyDropout(INDArray in, INDArray result, int iteration, int epoch,
                                     LayerWorkspaceMgr workspaceMgr) {
            return result.assign(in.mul(mask(in)));
        }

        @Override
        public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
            return gradAtInput.assign(gradAtOutput.mul(mask(gradAtOutput)));
        }

        private static INDArray mask(INDArray like) {
            long[] s = like.shape();
            double[] m = new double[Math.toIntExact(like.length())];
            for (int e = 0; e < m.length; e++) {
                long sum = e / (s[1] * s[2]) + e / s[2] % s[1] + e % s[2];
                m[e] = sum % 3 == 0 ? 0 : 1.5;
            }
            return Nd4j.create(m, s, 'c').castTo(like.dataType());
        }

        @Override
        public void clear() {
        }

        @Override
        public IDropout clone() {
            return new FixedMaskDropout();
        }
    }

    private static INDArray epsilon(DataType dt, RNNFormat format, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(dt, format == RNNFormat.NCW ? new long[] {2, 4, 6} : new long[] {2, 6, 4}).subi(0.5);
    }

    private static void assertStatesClose(MultiLayerNetwork[] n, double tol) {
        BaseRecurrentLayer<?> expected = (BaseRecurrentLayer<?>) n[0].getLayer(0);
        BaseRecurrentLayer<?> actual = (BaseRecurrentLayer<?>) n[1].getLayer(0);
        for (String key : expected.rnnGetTBPTTState().keySet()) {
            assertClose(actual.rnnGetTBPTTState().get(key), expected.rnnGetTBPTTState().get(key), tol);
        }
    }
}
