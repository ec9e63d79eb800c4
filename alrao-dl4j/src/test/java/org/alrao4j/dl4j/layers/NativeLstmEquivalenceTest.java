package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link NativeLstm} against DL4J's {@link LSTM} with the same parameters: outputs, every parameter gradient
 * (two stacked layers, so the input epsilon is checked through the lower layer's gradients), stored-state
 * stepping and truncated BPTT training, in NCW and NWC, float and double.
 */
class NativeLstmEquivalenceTest {

    static java.util.stream.Stream<Arguments> cases() {
        return java.util.stream.Stream.of(Arguments.of(DataType.DOUBLE, RNNFormat.NCW, 1e-10),
                Arguments.of(DataType.DOUBLE, RNNFormat.NWC, 1e-10), Arguments.of(DataType.FLOAT, RNNFormat.NCW, 1e-6),
                Arguments.of(DataType.FLOAT, RNNFormat.NWC, 1e-6));
    }

    static MultiLayerNetwork net(boolean nativeLstm, DataType dt, RNNFormat format, boolean tbptt) {
        return net(nativeLstm, dt, format, tbptt, 0.5);
    }

    static MultiLayerNetwork net(boolean nativeLstm, DataType dt, RNNFormat format, boolean tbptt, double lr) {
        LSTM.Builder a = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        LSTM.Builder b = nativeLstm ? new NativeLstm.Builder() : new LSTM.Builder();
        NeuralNetConfiguration.ListBuilder lb = new NeuralNetConfiguration.Builder().seed(3).dataType(dt)
                .updater(new Sgd(lr)).list()
                .layer(a.nOut(4).activation(Activation.TANH).forgetGateBiasInit(0.7).dataFormat(format).build())
                .layer(b.nOut(3).activation(Activation.TANH).dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).dataFormat(format).build())
                .setInputType(InputType.recurrent(3, 6, format));
        if (tbptt) {
            lb.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(3).tBPTTBackwardLength(3);
        }
        MultiLayerConfiguration conf = lb.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray features(DataType dt, RNNFormat format, int batch, int steps) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(dt, batch, 3, steps).subi(0.5).muli(2);
        return format == RNNFormat.NCW ? x : x.permute(0, 2, 1).dup();
    }

    static INDArray labels(DataType dt, RNNFormat format, int batch, int steps) {
        INDArray y = Nd4j.zeros(dt, batch, 2, steps);
        for (int i = 0; i < batch; i++) {
            for (int t = 0; t < steps; t++) {
                y.putScalar(i, (i + t) % 2, t, 1);
            }
        }
        return format == RNNFormat.NCW ? y : y.permute(0, 2, 1).dup();
    }

    /** DL4J's and NativeLstm's networks with identical (randomised) parameters. */
    static MultiLayerNetwork[] pair(DataType dt, RNNFormat format, boolean tbptt) {
        MultiLayerNetwork dl4j = net(false, dt, format, tbptt);
        MultiLayerNetwork nat = net(true, dt, format, tbptt);
        assertThat(nat.getLayer(0)).isInstanceOf(NativeLstmLayer.class);
        assertThat(nat.numParams()).isEqualTo(dl4j.numParams());
        Nd4j.getRandom().setSeed(5);
        INDArray p = Nd4j.rand(dt, 1, dl4j.numParams()).subi(0.5);
        dl4j.setParams(p);
        nat.setParams(p.dup());
        return new MultiLayerNetwork[] {dl4j, nat};
    }

    @ParameterizedTest
    @MethodSource("cases")
    void outputsAndGradientsMatch(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, false);
        INDArray x = features(dt, format, 2, 6);
        INDArray y = labels(dt, format, 2, 6);
        assertClose(n[1].output(x), n[0].output(x), tol);
        n[0].setInput(x);
        n[0].setLabels(y);
        n[0].computeGradientAndScore();
        n[1].setInput(x);
        n[1].setLabels(y);
        n[1].computeGradientAndScore();
        assertThat(n[1].score()).isCloseTo(n[0].score(), within(tol));
        Map<String, INDArray> expected = n[0].gradient().gradientForVariable();
        Map<String, INDArray> actual = n[1].gradient().gradientForVariable();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            assertClose(actual.get(k), expected.get(k), tol);
        }
        assertClose(n[1].getFlattenedGradients(), n[0].getFlattenedGradients(), tol);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void storedStateSteppingMatches(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, false);
        INDArray x = features(dt, format, 2, 6);
        int timeAxis = format == RNNFormat.NCW ? 2 : 1;
        for (int from = 0; from < 6; from += 3) {
            INDArray chunk = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    timeAxis == 1 ? org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + 3)
                            : org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    timeAxis == 2 ? org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + 3)
                            : org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            assertClose(n[1].rnnTimeStep(chunk), n[0].rnnTimeStep(chunk), tol);
        }
        for (String key : n[0].rnnGetPreviousState(0).keySet()) {
            assertClose(n[1].rnnGetPreviousState(0).get(key), n[0].rnnGetPreviousState(0).get(key), tol);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void truncatedBpttTrainingMatches(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, true);
        INDArray x = features(dt, format, 2, 6);
        INDArray y = labels(dt, format, 2, 6);
        for (int i = 0; i < 2; i++) {
            n[0].fit(x, y);
            n[1].fit(x, y);
        }
        assertClose(n[1].params(), n[0].params(), tol * 10);
    }

    /**
     * The layer-level truncated-BPTT backward pass (which ComputationGraph's external-epsilon backprop uses):
     * starting from state stored by rnnTimeStep, the gradients, input epsilon and stored TBPTT state match.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void layerTbpttBackpropMatches(DataType dt, RNNFormat format, double tol) {
        MultiLayerNetwork[] n = pair(dt, format, false);
        INDArray x = features(dt, format, 2, 6);
        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr mgr =
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        Nd4j.getRandom().setSeed(9);
        INDArray eps = Nd4j.rand(dt, format == RNNFormat.NCW ? new long[] {2, 4, 6} : new long[] {2, 6, 4});
        org.nd4j.common.primitives.Pair<?, INDArray>[] results = new org.nd4j.common.primitives.Pair[2];
        INDArray[] grads = new INDArray[2];
        for (int k = 0; k < 2; k++) {
            n[k].initGradientsView();
            org.deeplearning4j.nn.layers.recurrent.LSTM layer =
                    (org.deeplearning4j.nn.layers.recurrent.LSTM) n[k].getLayer(0);
            layer.rnnTimeStep(x, mgr);
            layer.setInput(x, mgr);
            results[k] = layer.tbpttBackpropGradient(eps, 6, mgr);
            grads[k] = layer.getGradientsViewArray().dup();
            for (String key : layer.rnnGetTBPTTState().keySet()) {
                if (k == 1) {
                    assertClose(layer.rnnGetTBPTTState().get(key),
                            ((org.deeplearning4j.nn.layers.recurrent.LSTM) n[0].getLayer(0)).rnnGetTBPTTState()
                                    .get(key), tol);
                }
            }
        }
        assertClose(results[1].getSecond(), results[0].getSecond(), tol);
        assertClose(grads[1], grads[0], tol);
    }

    static void assertClose(INDArray actual, INDArray expected, double tol) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double diff = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(diff).as("max |native - dl4j|").isLessThanOrEqualTo(tol);
    }
}
