package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Spec 3.6 against a plain-Java computation: the body receives the mixture-NLL gradient
 * {@code sum_j r_jm W_j (p_jm - y_m)} (responsibilities {@code r_jm = a_j p_j(y_m) / sum_k a_k p_k(y_m)}),
 * classifier j receives its own NLL's gradient {@code sum_m x_m (p_jm - y_m)^T} only, and the posterior
 * parameters get exactly zero. Also the spec 9 mixture example.
 */
@ExtendWith(DoublePrecision.class)
class HeadGradientSplitTest {

    private static final int N = 3;
    private static final int C = 4;
    private static final int NIN = 5;
    private static final int B = 6;
    private static final double[] POSTERIOR = {0.2, 0.5, 0.3};
    private static AlraoOutputLayerRuntime head() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Sgd(1)).list()
                .layer(new AlraoOutputLayer.Builder().nOut(C).numClassifiers(N).lrMin(0.1).lrMax(1).build())
                .setInputType(InputType.feedForward(NIN)).build());
        net.init();
        net.initGradientsView();
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getLayer(0);
        head.setSwitchUpdates(false);
        head.getParam(AlraoOutputLayer.LOG_POSTERIOR).assign(Nd4j.createFromArray(
                Math.log(POSTERIOR[0]), Math.log(POSTERIOR[1]), Math.log(POSTERIOR[2])).reshape(1, N));
        return head;
    }

    @Test
    void bodyGetsMixtureGradientClassifiersGetTheirOwn() {
        AlraoOutputLayerRuntime head = head();
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.randn(DataType.DOUBLE, B, NIN);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, B, C);
        int[] label = new int[B];
        for (int m = 0; m < B; m++) {
            label[m] = (3 * m + 1) % C;
            y.putScalar(m, label[m], 1);
        }
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        head.setInput(x, ws);
        head.setLabels(y);
        Pair<Gradient, INDArray> result = head.backpropGradient(null, ws);

        double[][] w = head.getParam(AlraoOutputLayer.WEIGHTS).toDoubleMatrix();
        double[] b = head.getParam(AlraoOutputLayer.BIASES).toDoubleVector();
        double[][] xs = x.toDoubleMatrix();
        double[][] expectedDx = new double[B][NIN];
        double[][] expectedDw = new double[NIN][N * C];
        double[] expectedDb = new double[N * C];
        for (int m = 0; m < B; m++) {
            double[][] p = new double[N][];
            double evidence = 0;
            for (int j = 0; j < N; j++) {
                p[j] = softmax(xs[m], w, b, j);
                evidence += POSTERIOR[j] * p[j][label[m]];
            }
            for (int j = 0; j < N; j++) {
                double r = POSTERIOR[j] * p[j][label[m]] / evidence;
                for (int c = 0; c < C; c++) {
                    double delta = p[j][c] - (c == label[m] ? 1 : 0);
                    expectedDb[j * C + c] += delta;
                    for (int i = 0; i < NIN; i++) {
                        expectedDw[i][j * C + c] += xs[m][i] * delta;
                        expectedDx[m][i] += r * w[i][j * C + c] * delta;
                    }
                }
            }
        }
        assertClose(result.getSecond().toDoubleMatrix(), expectedDx);
        assertClose(result.getFirst().getGradientFor(AlraoOutputLayer.WEIGHTS).toDoubleMatrix(), expectedDw);
        assertClose(new double[][] {result.getFirst().getGradientFor(AlraoOutputLayer.BIASES).toDoubleVector()},
                new double[][] {expectedDb});
        assertThat(result.getFirst().getGradientFor(AlraoOutputLayer.LOG_POSTERIOR).amaxNumber().doubleValue())
                .isZero();
        assertThat(result.getFirst().getGradientFor(AlraoOutputLayer.SWITCH_STATE).amaxNumber().doubleValue())
                .isZero();
    }

    /** Spec section 9: p_A = (0.7, 0.2, 0.1), p_B = (0.1, 0.1, 0.8), a = (0.25, 0.75). */
    @Test
    void mixtureOfTheSpecExample() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list().layer(new AlraoOutputLayer.Builder().nOut(3).numClassifiers(2).lrMin(0.1).lrMax(1).build())
                .setInputType(InputType.feedForward(1)).build());
        net.init();
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getLayer(0);
        // one input equal to 1 and zero biases: the logits are the weights' rows, log-probabilities chosen
        head.getParam(AlraoOutputLayer.BIASES).assign(0);
        head.getParam(AlraoOutputLayer.WEIGHTS).assign(Nd4j.createFromArray(new double[][] {
                {Math.log(0.7), Math.log(0.2), Math.log(0.1), Math.log(0.1), Math.log(0.1), Math.log(0.8)}}));
        head.getParam(AlraoOutputLayer.LOG_POSTERIOR).assign(
                Nd4j.createFromArray(Math.log(0.25), Math.log(0.75)).reshape(1, 2));
        double[] mixture = net.output(Nd4j.ones(DataType.DOUBLE, 1, 1)).toDoubleVector();
        assertThat(mixture[0]).isCloseTo(0.25, within(1e-12));
        assertThat(mixture[1]).isCloseTo(0.125, within(1e-12));
        assertThat(mixture[2]).isCloseTo(0.625, within(1e-12));
    }

    private static double[] softmax(double[] x, double[][] w, double[] b, int j) {
        double[] z = new double[C];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < C; c++) {
            z[c] = b[j * C + c];
            for (int i = 0; i < NIN; i++) {
                z[c] += x[i] * w[i][j * C + c];
            }
            max = Math.max(max, z[c]);
        }
        double s = 0;
        for (int c = 0; c < C; c++) {
            z[c] = Math.exp(z[c] - max);
            s += z[c];
        }
        for (int c = 0; c < C; c++) {
            z[c] /= s;
        }
        return z;
    }

    private static void assertClose(double[][] actual, double[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected[i].length; k++) {
                assertThat(actual[i][k]).as("[%d][%d]", i, k).isCloseTo(expected[i][k], within(1e-10));
            }
        }
    }
}
