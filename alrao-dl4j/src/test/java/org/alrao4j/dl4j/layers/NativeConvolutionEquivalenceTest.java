package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link NativeConvolution} against DL4J's {@link ConvolutionLayer} with the same parameters: layer outputs,
 * weight and bias gradients and input gradients (where computed) over strides, padding, dilation, Same mode,
 * one and several input channels, ReLU and identity (dilation 2 runs DL4J's code: checked as well); and several training steps of a small network whose first
 * layer skips its input gradient. Double to 1e-10, float to 1e-5 (relative to the largest value).
 */
class NativeConvolutionEquivalenceTest {

    /** kernel, stride, padding, dilation, mode. */
    record Geo(int k, int s, int p, int d, ConvolutionMode mode) {
    }

    static final List<Geo> GEOMETRIES = List.of(new Geo(3, 1, 0, 1, ConvolutionMode.Truncate),
            new Geo(3, 2, 1, 1, ConvolutionMode.Truncate), new Geo(2, 1, 0, 2, ConvolutionMode.Truncate),
            new Geo(3, 3, 0, 1, ConvolutionMode.Truncate), new Geo(3, 2, 0, 1, ConvolutionMode.Same));

    static Stream<Arguments> layerCases() {
        List<Arguments> a = new ArrayList<>();
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (Geo g : GEOMETRIES) {
                for (int channels : new int[] {1, 2}) {
                    for (Activation act : new Activation[] {Activation.RELU, Activation.IDENTITY}) {
                        for (boolean inputGradient : new boolean[] {true, false}) {
                            a.add(Arguments.of(dt, g, channels, act, inputGradient));
                        }
                    }
                }
            }
        }
        return a.stream();
    }

    static double tol(DataType dt) {
        return dt == DataType.DOUBLE ? 1e-10 : 1e-5;
    }

    static MultiLayerNetwork single(boolean nat, DataType dt, Geo g, int channels, Activation act,
                                    boolean inputGradient) {
        ConvolutionLayer.Builder b = nat ? new NativeConvolution.Builder(g.k, g.k).inputGradient(inputGradient)
                : new ConvolutionLayer.Builder(g.k, g.k);
        b.stride(g.s, g.s).padding(g.p, g.p).dilation(g.d, g.d).convolutionMode(g.mode).nOut(3).activation(act);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(dt).list()
                .layer(b.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(2)
                        .build())
                .setInputType(InputType.convolutional(9, 8, channels)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    static void assertClose(INDArray actual, INDArray expected, double tol, String what) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double diff = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(diff).as("%s: max difference %s (scale %s)", what, diff, scale).isLessThanOrEqualTo(tol * scale);
    }

    @ParameterizedTest
    @MethodSource("layerCases")
    void layerMatchesDl4j(DataType dt, Geo g, int channels, Activation act, boolean inputGradient) {
        MultiLayerNetwork dl4j = single(false, dt, g, channels, act, true);
        MultiLayerNetwork nat = single(true, dt, g, channels, act, inputGradient);
        Nd4j.getRandom().setSeed(17);
        nat.setParams(Nd4j.rand(dt, 1, nat.numParams()).subi(0.5));
        dl4j.setParams(nat.params().dup());
        assertThat(nat.getLayer(0)).isInstanceOf(NativeConvolutionLayer.class);
        // dilation other than 1: DL4J's own code (oneDNN creates no dilated primitive here)
        assertThat(((NativeConvolutionLayer) nat.getLayer(0)).lean()).isEqualTo(g.d == 1);
        INDArray x = Nd4j.rand(dt, 4, channels, 9, 8).subi(0.5);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray outD = dl4j.getLayer(0).activate(x, true, mgr);
        INDArray outN = nat.getLayer(0).activate(x, true, mgr);
        String what = dt + " " + g + " c" + channels + " " + act + " inputGradient=" + inputGradient;
        assertClose(outN, outD, tol(dt), what + " output");
        INDArray eps = Nd4j.rand(dt, outD.shape()).subi(0.5);
        Pair<Gradient, INDArray> bd = dl4j.getLayer(0).backpropGradient(eps.dup(), mgr);
        Pair<Gradient, INDArray> bn = nat.getLayer(0).backpropGradient(eps.dup(), mgr);
        for (String key : new String[] {"W", "b"}) {
            assertClose(bn.getFirst().getGradientFor(key), bd.getFirst().getGradientFor(key), tol(dt),
                    what + " gradient " + key);
        }
        if (inputGradient || g.d != 1) {
            assertClose(bn.getSecond(), bd.getSecond(), tol(dt), what + " input gradient");
        } else {
            assertThat(bn.getSecond()).as("skipped input gradient").isNull();
        }
        assertThat(((NativeConvolutionLayer) nat.getLayer(0)).forwardRecomputations).isZero();
    }

    /** conv (no input gradient) - max pool - conv - output; Sgd; DL4J's layers or NativeConvolution. */
    static MultiLayerNetwork small(boolean nat, DataType dt) {
        return small(nat, dt, 0.1);
    }

    static MultiLayerNetwork small(boolean nat, DataType dt, double lr) {
        ConvolutionLayer.Builder c1 = nat ? new NativeConvolution.Builder(3, 3).inputGradient(false)
                : new ConvolutionLayer.Builder(3, 3);
        ConvolutionLayer.Builder c2 = nat ? new NativeConvolution.Builder(2, 2) : new ConvolutionLayer.Builder(2, 2);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).dataType(dt)
                .updater(new Sgd(lr)).list()
                .layer(c1.nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(c2.nOut(5).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build())
                .setInputType(InputType.convolutional(10, 10, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray labels(DataType dt, int batch) {
        INDArray y = Nd4j.zeros(dt, batch, 3);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return y;
    }

    @Test
    void trainingStepsMatchDl4j() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            MultiLayerNetwork dl4j = small(false, dt);
            MultiLayerNetwork nat = small(true, dt);
            dl4j.setParams(nat.params().dup());
            Nd4j.getRandom().setSeed(23);
            INDArray x = Nd4j.rand(dt, 6, 1, 10, 10);
            INDArray y = labels(dt, 6);
            for (int step = 0; step < 4; step++) {
                dl4j.fit(x, y);
                nat.fit(x, y);
                assertClose(nat.params(), dl4j.params(), tol(dt), dt + " parameters after step " + step);
                assertThat(nat.score()).isCloseTo(dl4j.score(), org.assertj.core.api.Assertions.within(
                        tol(dt) * 10));
            }
            assertThat(((NativeConvolutionLayer) nat.getLayer(0)).forwardRecomputations).isZero();
            assertThat(((NativeConvolutionLayer) nat.getLayer(2)).forwardRecomputations).isZero();
            assertClose(nat.output(x), dl4j.output(x), tol(dt), dt + " output after training");
        }
    }

    /** A backward pass for another input than the last forward pass's recomputes the mask. */
    @Test
    void backwardWithoutMatchingForwardRecomputes() {
        Geo g = GEOMETRIES.get(0);
        MultiLayerNetwork dl4j = single(false, DataType.DOUBLE, g, 2, Activation.RELU, true);
        MultiLayerNetwork nat = single(true, DataType.DOUBLE, g, 2, Activation.RELU, true);
        dl4j.setParams(nat.params().dup());
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x1 = Nd4j.rand(DataType.DOUBLE, 3, 2, 9, 8).subi(0.5);
        INDArray x2 = Nd4j.rand(DataType.DOUBLE, 3, 2, 9, 8).subi(0.5);
        nat.getLayer(0).activate(x1, true, mgr);
        nat.getLayer(0).setInput(x2, mgr);
        INDArray out = dl4j.getLayer(0).activate(x2, true, mgr);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, out.shape());
        Pair<Gradient, INDArray> bn = nat.getLayer(0).backpropGradient(eps.dup(), mgr);
        Pair<Gradient, INDArray> bd = dl4j.getLayer(0).backpropGradient(eps.dup(), mgr);
        assertClose(bn.getFirst().getGradientFor("W"), bd.getFirst().getGradientFor("W"), 1e-10, "W");
        assertClose(bn.getSecond(), bd.getSecond(), 1e-10, "input gradient");
        assertThat(((NativeConvolutionLayer) nat.getLayer(0)).forwardRecomputations).isEqualTo(1);
    }
}
