package org.alrao4j.dl4j.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
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
 * {@link NativeBatchNorm} against DL4J's {@link BatchNormalization} with the same parameters, in a
 * convolution (NCHW, NHWC) or dense (feed-forward) layer, batch norm, softmax output network, as a
 * MultiLayerNetwork and as a ComputationGraph: training-mode output, every gradient (the layer before batch
 * norm sees its input epsilon; the running mean and log10(std) "gradients" are DL4J's running-average updates),
 * parameters and running statistics after several SGD steps, and the inference output. In float DL4J runs
 * its oneDNN helper, in double its built-in implementation.
 */
class NativeBatchNormEquivalenceTest {

    enum Layout { NCHW, NHWC, FF }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (boolean graph : new boolean[] {false, true}) {
            for (Layout layout : Layout.values()) {
                a.add(Arguments.of(DataType.DOUBLE, layout, graph, 1e-10));
                a.add(Arguments.of(DataType.FLOAT, layout, graph, 1e-5));
            }
        }
        return a.stream();
    }

    static final int BATCH = 4;

    static Layer[] layers(boolean nativeBn, Layout layout, boolean useLogStd) {
        Layer first = layout == Layout.FF ? new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build()
                : new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.IDENTITY)
                        .dataFormat(layout == Layout.NCHW ? CNN2DFormat.NCHW : CNN2DFormat.NHWC).build();
        BatchNormalization.Builder bn = nativeBn ? new NativeBatchNorm.Builder() : new BatchNormalization.Builder();
        return new Layer[] {first, bn.useLogStd(useLogStd).decay(0.8).eps(1e-4).build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(3).build()};
    }

    static InputType inputType(Layout layout) {
        return layout == Layout.FF ? InputType.feedForward(6)
                : InputType.convolutional(5, 6, 3, layout == Layout.NCHW ? CNN2DFormat.NCHW : CNN2DFormat.NHWC);
    }

    static NeuralNetConfiguration.Builder base(DataType dt) {
        return base(dt, 0.3);
    }

    static NeuralNetConfiguration.Builder base(DataType dt, double lr) {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(dt).updater(new Sgd(lr))
                .convolutionMode(ConvolutionMode.Same);
    }

    static Model net(boolean nativeBn, DataType dt, Layout layout, boolean graph, boolean useLogStd) {
        return net(nativeBn, dt, layout, graph, useLogStd, 0.3);
    }

    static Model net(boolean nativeBn, DataType dt, Layout layout, boolean graph, boolean useLogStd, double lr) {
        Layer[] l = layers(nativeBn, layout, useLogStd);
        Model m;
        if (graph) {
            ComputationGraphConfiguration conf = base(dt, lr).graphBuilder().addInputs("in")
                    .addLayer("first", l[0], "in").addLayer("bn", l[1], "first").addLayer("out", l[2], "bn")
                    .setOutputs("out").setInputTypes(inputType(layout)).build();
            ComputationGraph g = new ComputationGraph(conf);
            g.init();
            m = g;
        } else {
            MultiLayerConfiguration conf = base(dt, lr).list().layer(l[0]).layer(l[1]).layer(l[2])
                    .setInputType(inputType(layout)).build();
            MultiLayerNetwork n = new MultiLayerNetwork(conf);
            n.init();
            m = n;
        }
        return m;
    }

    /** DL4J's and NativeBatchNorm's networks with identical random parameters (running statistics included). */
    static Model[] pair(DataType dt, Layout layout, boolean graph, boolean useLogStd) {
        Model dl4j = net(false, dt, layout, graph, useLogStd);
        Model nat = net(true, dt, layout, graph, useLogStd);
        org.deeplearning4j.nn.api.Layer bn = graph ? ((ComputationGraph) nat).getLayer("bn")
                : ((MultiLayerNetwork) nat).getLayer(1);
        assertThat(bn).isInstanceOf(NativeBatchNormLayer.class);
        Nd4j.getRandom().setSeed(5);
        INDArray p = Nd4j.rand(dt, 1, dl4j.numParams()).subi(0.5);
        dl4j.setParams(p);
        nat.setParams(p.dup());
        return new Model[] {dl4j, nat};
    }

    static INDArray features(DataType dt, Layout layout, int batch) {
        Nd4j.getRandom().setSeed(11);
        long[] shape = switch (layout) {
            case NCHW -> new long[] {batch, 3, 5, 6};
            case NHWC -> new long[] {batch, 5, 6, 3};
            case FF -> new long[] {batch, 6};
        };
        // an offset and scale so that the batch statistics are far from 0 and 1
        return Nd4j.rand(dt, shape).muli(3).addi(1.5);
    }

    static INDArray labels(DataType dt, int batch) {
        INDArray y = Nd4j.zeros(dt, batch, 3);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return y;
    }

    static INDArray output(Model m, INDArray x, boolean training) {
        return m instanceof ComputationGraph g ? g.output(training, x)[0] : ((MultiLayerNetwork) m).output(x, training);
    }

    static void fit(Model m, INDArray x, INDArray y) {
        if (m instanceof ComputationGraph g) {
            g.fit(new INDArray[] {x}, new INDArray[] {y});
        } else {
            ((MultiLayerNetwork) m).fit(x, y);
        }
    }

    static void computeGradient(Model m, INDArray x, INDArray y) {
        if (m instanceof ComputationGraph g) {
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        } else {
            ((MultiLayerNetwork) m).setInput(x);
            ((MultiLayerNetwork) m).setLabels(y);
            ((MultiLayerNetwork) m).computeGradientAndScore();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void trainingGradientsRunningStatisticsAndInferenceMatch(DataType dt, Layout layout, boolean graph, double tol) {
        Model[] n = pair(dt, layout, graph, true);
        INDArray x = features(dt, layout, BATCH);
        INDArray y = labels(dt, BATCH);
        assertClose(output(n[1], x, true), output(n[0], x, true), tol);
        computeGradient(n[0], x, y);
        computeGradient(n[1], x, y);
        assertThat(n[1].score()).isCloseTo(n[0].score(), within(tol));
        Map<String, INDArray> expected = n[0].gradient().gradientForVariable();
        Map<String, INDArray> actual = n[1].gradient().gradientForVariable();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            assertClose(actual.get(k), expected.get(k), tol, k);
        }
        for (int i = 0; i < 4; i++) {
            INDArray xi = features(dt, layout, BATCH).muli(1 + 0.2 * i);
            fit(n[0], xi, y);
            fit(n[1], xi, y);
        }
        assertClose(n[1].params(), n[0].params(), tol, "parameters and running statistics after 4 steps");
        assertClose(output(n[1], x, false), output(n[0], x, false), tol, "inference output");
    }

    /** The variance parameterisation ({@code useLogStd(false)}, DL4J's format before 1.0.0-beta4). */
    @Test
    void varianceParameterisationMatches() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-10 : 1e-5;
            Model[] n = pair(dt, Layout.NCHW, false, false);
            // the random parameters include negative variances
            for (Model m : n) {
                ((MultiLayerNetwork) m).getLayer(1).getParam("var").assign(Nd4j.linspace(dt, 0.5, 0.5, 4));
            }
            INDArray x = features(dt, Layout.NCHW, BATCH);
            INDArray y = labels(dt, BATCH);
            for (int i = 0; i < 3; i++) {
                fit(n[0], x.mul(1 + i), y);
                fit(n[1], x.mul(1 + i), y);
            }
            assertClose(n[1].params(), n[0].params(), tol, "parameters and running variance, " + dt);
            assertClose(output(n[1], x, false), output(n[0], x, false), tol, "inference output, " + dt);
        }
    }

    static void assertClose(INDArray actual, INDArray expected, double tol) {
        assertClose(actual, expected, tol, "max |native - dl4j|");
    }

    static void assertClose(INDArray actual, INDArray expected, double tol, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        double diff = actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertThat(diff).as("max |native - dl4j|, %s", what).isLessThanOrEqualTo(tol);
    }
}
