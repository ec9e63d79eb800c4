package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.alrao4j.dl4j.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The ND4J fast path against the SameDiff graph (autodiff of the loss of spec 3.6/3.9): same outputs, same
 * parameter and input gradients, same score, in double precision.
 */
@ExtendWith(DoublePrecision.class)
class FastHeadTest {

    private static AlraoOutputLayerRuntime head(AlraoOutputLayer.Builder builder, InputType input) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Sgd(1)).list().layer(builder.build()).setInputType(input)
                .build());
        net.init();
        net.initGradientsView();
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getLayer(0);
        head.setSwitchUpdates(false);
        int n = head.head().getNumClassifiers();
        double[] logA = new double[n];
        for (int j = 0; j < n; j++) {
            logA[j] = Math.log((j + 1.0) * 2 / (n * (n + 1.0)));
        }
        head.getParam(AlraoOutputLayer.LOG_POSTERIOR).assign(Nd4j.createFromArray(logA).reshape(1, n));
        return head;
    }

    private static void compare(AlraoOutputLayerRuntime head, INDArray x, INDArray y, INDArray mask) {
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray[] out = new INDArray[2];
        Pair<?, ?>[] grads = new Pair<?, ?>[2];
        double[] scores = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            head.setReferenceMode(mode == 1);
            head.setInput(x, ws);
            head.setLabels(y.dup()); // a fresh labels object: no score cached by the other mode's backprop
            head.setMaskArray(mask);
            out[mode] = head.activate(false, ws).dup();
            scores[mode] = head.computeScore(0, true, ws);
            Pair<Gradient, INDArray> g = head.backpropGradient(null, ws);
            grads[mode] = new Pair<>(g.getFirst().gradient().dup(), g.getSecond().dup());
        }
        assertThat(out[0].shape()).containsExactly(out[1].shape());
        assertThat(maxDiff(out[0], out[1])).isLessThan(1e-10);
        assertThat(scores[0]).isCloseTo(scores[1], org.assertj.core.data.Offset.offset(1e-10));
        assertThat(maxDiff((INDArray) grads[0].getFirst(), (INDArray) grads[1].getFirst())).isLessThan(1e-10);
        assertThat(((INDArray) grads[0].getSecond()).shape()).containsExactly(x.shape());
        assertThat(maxDiff((INDArray) grads[0].getSecond(), (INDArray) grads[1].getSecond())).isLessThan(1e-10);
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    private static INDArray oneHot(long... shape) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, shape);
        for (int i = 0; i < shape[0]; i++) {
            for (int t = 0; t < (shape.length == 3 ? shape[2] : 1); t++) {
                int c = (i * 5 + t * 3) % (int) shape[1];
                y.putScalar(shape.length == 3 ? new int[] {i, c, t} : new int[] {i, c}, 1);
            }
        }
        return y;
    }

    @Test
    void classificationFeedForward() {
        Nd4j.getRandom().setSeed(1);
        compare(head(new AlraoOutputLayer.Builder().nOut(4).numClassifiers(3).lrMin(0.01).lrMax(1),
                InputType.feedForward(5)), Nd4j.randn(DataType.DOUBLE, 7, 5), oneHot(7, 4), null);
    }

    @Test
    void classificationRecurrentWithMask() {
        Nd4j.getRandom().setSeed(2);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, 4);
        mask.putScalar(2, 3, 0);
        compare(head(new AlraoOutputLayer.Builder().nOut(3).numClassifiers(2).lrMin(0.01).lrMax(1),
                InputType.recurrent(5, 4)), Nd4j.randn(DataType.DOUBLE, 3, 5, 4), oneHot(3, 3, 4), mask);
    }

    /** Fast classifiers reach logits of 1e3 and more: their log-probabilities and losses must stay finite. */
    @Test
    void hugeLogitsKeepFiniteLossesAndMatchTheGraph() {
        Nd4j.getRandom().setSeed(4);
        AlraoOutputLayerRuntime head = head(new AlraoOutputLayer.Builder().nOut(4).numClassifiers(3).lrMin(0.01)
                .lrMax(1), InputType.feedForward(5));
        head.getParam(AlraoOutputLayer.WEIGHTS).muli(1e4);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 6, 5);
        compare(head, x, oneHot(6, 4), null);
        INDArray logP = HeadMath.logProbabilities(x, head.getParam(AlraoOutputLayer.WEIGHTS),
                head.getParam(AlraoOutputLayer.BIASES), 3, 4);
        assertThat(logP.minNumber().doubleValue()).isFinite().isLessThan(-100);
        for (double nll : HeadMath.stats(logP, oneHot(6, 4), new double[] {-1, -1, -1}).meanNll()) {
            assertThat(nll).isFinite();
        }
    }

    @Test
    void regressionBothOutputs() {
        for (RegressionOutput mode : RegressionOutput.values()) {
            Nd4j.getRandom().setSeed(3);
            compare(head(new AlraoOutputLayer.Builder().nOut(2).numClassifiers(3).lrMin(0.01).lrMax(1)
                    .regression(0.7, mode), InputType.feedForward(5)), Nd4j.randn(DataType.DOUBLE, 6, 5),
                    Nd4j.randn(DataType.DOUBLE, 6, 2), null);
        }
    }
}
