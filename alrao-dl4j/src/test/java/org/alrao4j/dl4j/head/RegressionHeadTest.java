package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.Set;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The regression head of spec 3.9, on the reference's toy task y = sin(pi x) with inputs x^1..x^10. */
class RegressionHeadTest {

    static MultiLayerConfiguration regressor(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(193062818L).dataType(type).updater(new Sgd(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(100).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.feedForward(10)).build();
    }

    static DataSet toyData(int n, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][10];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            double u = 2 * rng.nextDouble() - 1;
            for (int p = 0; p < 10; p++) {
                x[i][p] = Math.pow(u, p + 1);
            }
            y[i][0] = Math.sin(Math.PI * u);
        }
        return new DataSet(Nd4j.createFromArray(x).castTo(Nd4j.dataType()),
                Nd4j.createFromArray(y).castTo(Nd4j.dataType()));
    }

    @Test
    void trainsTheToyTaskAndBothOutputModesAgreeWithTheRegressors() {
        AlraoNetworks alrao = AlraoNetworks.builder().numClassifiers(5)
                .settings(AlraoSettings.builder().lrMin(1e-4).lrMax(1).seed(4).build())
                .regression(1.0, RegressionOutput.BEST_MODEL).build();
        MultiLayerConfiguration conf = alrao.convert(regressor(DataType.FLOAT));
        assertThat(MultiLayerConfiguration.fromJson(conf.toJson())).isEqualTo(conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet train = toyData(1000, 1);
        DataSet test = toyData(100, 2);
        double before = mse(net.output(test.getFeatures()), test.getLabels());
        net.fit(new ShufflingDataSetIterator(train, 32, true, 3), 20);
        double after = mse(net.output(test.getFeatures()), test.getLabels());
        assertThat(after).isLessThan(0.05).isLessThan(before / 4);

        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getOutputLayer();
        double[] posterior = head.posterior();
        int best = head.currentSwitch().argmax();
        INDArray features = net.feedForwardToLayer(1, test.getFeatures()).get(1);
        INDArray each = head.regressorPredictions(features);
        INDArray bestPrediction = each.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(best), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(net.output(test.getFeatures()).sub(bestPrediction).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(java.util.Arrays.stream(posterior).sum()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(head.classifierStats().accuracy()[0]).isNaN();
    }

    @Test
    void oneRegressorWithAPointRangeIsPlainSgdOnMse() {
        MultiLayerNetwork plain = new MultiLayerNetwork(regressor(DataType.FLOAT));
        plain.init();
        // sigma2 = 0.5 makes |y - mu|^2 / (2 sigma2) DL4J's MSE for one output
        MultiLayerNetwork alrao = new MultiLayerNetwork(AlraoNetworks.builder().numClassifiers(1)
                .settings(AlraoSettings.builder().lrMin(1e-2).lrMax(1e-2).build())
                .regression(0.5, RegressionOutput.POSTERIOR_MEAN).build().convert(regressor(DataType.FLOAT)));
        alrao.init();
        alrao.getLayer(0).setParams(plain.getLayer(0).params().dup());
        alrao.getLayer(1).getParam(AlraoOutputLayer.WEIGHTS).assign(plain.getLayer(1).getParam("W"));
        alrao.getLayer(1).getParam(AlraoOutputLayer.BIASES).assign(plain.getLayer(1).getParam("b"));
        DataSet ds = toyData(32, 5);
        for (int i = 0; i < 10; i++) {
            plain.fit(ds);
            alrao.fit(ds);
        }
        assertThat(alrao.output(ds.getFeatures()).sub(plain.output(ds.getFeatures())).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(alrao.score(ds) - 0.5 * Math.log(Math.PI)).isCloseTo(plain.score(ds),
                org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void gradientsCheckInDoublePrecision() {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            for (int n : new int[] {1, 3}) {
                MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                        .updater(new Sgd(1.0)).list()
                        .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                        .layer(new AlraoOutputLayer.Builder().nOut(2).numClassifiers(n).lrMin(1).lrMax(1)
                                .regression(0.7, RegressionOutput.POSTERIOR_MEAN).build())
                        .setInputType(InputType.feedForward(3)).build();
                MultiLayerNetwork net = new MultiLayerNetwork(conf);
                net.init();
                ((AlraoOutputLayerRuntime) net.getOutputLayer()).setSwitchUpdates(false);
                Set<String> excluded = n == 1 ? Set.of("1_logPost", "1_switch")
                        : Set.of("1_W", "1_b", "1_logPost", "1_switch");
                Nd4j.getRandom().setSeed(n);
                assertThat(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net)
                        .input(Nd4j.rand(DataType.DOUBLE, 5, 3)).labels(Nd4j.randn(DataType.DOUBLE, 5, 2))
                        .excludeParams(excluded))).as("N=%d", n).isTrue();
            }
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    @Test
    void rejectsBadVarianceAndMasks() {
        assertThatThrownBy(() -> new AlraoOutputLayer.Builder().nOut(1).regression(0, RegressionOutput.BEST_MODEL)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma2 must be finite");
        MultiLayerNetwork net = new MultiLayerNetwork(AlraoNetworks.builder().numClassifiers(2).build()
                .convert(regressor(DataType.FLOAT)));
        net.init();
        DataSet ds = toyData(4, 1);
        ds.setLabelsMaskArray(Nd4j.ones(4, 1));
        assertThatThrownBy(() -> net.fit(ds)).hasMessageContaining("does not support label masks");
    }

    private static double mse(INDArray prediction, INDArray target) {
        INDArray d = prediction.sub(target);
        return d.mul(d).meanNumber().doubleValue();
    }
}
