package org.alrao4j.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.core.RecurrentRateSharing;
import org.alrao4j.dl4j.layers.NativeBatchNorm;
import org.alrao4j.dl4j.layers.NativeLstm;
import org.alrao4j.dl4j.units.UnitPlans;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.iter.NdIndexIterator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * For every supported layer type: an all-ones gradient passed through the installed updaters comes out as
 * exactly the element's unit rate, where the unit is stated here from the parameter's meaning (output
 * column, filter, channel, gate row, embedding dimension), independently of the layouts under test.
 */
class UnitLayoutCoverageTest {

    private static final AlraoSettings SETTINGS = AlraoSettings.builder().lrMin(1e-3).lrMax(1).seed(5).build();

    @Test
    void denseWithLayerNormBatchNormAndOutput() {
        check(list(InputType.feedForward(4))
                .layer(new DenseLayer.Builder().nOut(5).hasLayerNorm(true).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(output(3)).build(), SETTINGS);
    }

    /** NativeBatchNorm keeps DL4J's batch-norm layout, so its units are the channels, as for BatchNormalization. */
    @Test
    void nativeBatchNorm() {
        check(list(InputType.feedForward(4))
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new NativeBatchNorm.Builder().build())
                .layer(output(3)).build(), SETTINGS);
        check(list(InputType.convolutional(5, 5, 2))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new NativeBatchNorm.Builder().useLogStd(false).build())
                .layer(output(3)).build(), SETTINGS);
    }

    @Test
    void convolutionFamily() {
        check(list(InputType.convolutional(7, 7, 2))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new DepthwiseConvolution2D.Builder(2, 2).depthMultiplier(2).build())
                .layer(new SeparableConvolution2D.Builder(2, 2).depthMultiplier(2).nOut(3).build())
                .layer(new Deconvolution2D.Builder(2, 2).nOut(2).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(output(3)).build(), SETTINGS);
    }

    @Test
    void nativeConvolution() {
        check(list(InputType.convolutional(7, 7, 2))
                .layer(new org.alrao4j.dl4j.layers.NativeConvolution.Builder(3, 3).inputGradient(false).nOut(4)
                        .build())
                .layer(new org.alrao4j.dl4j.layers.NativeConvolution.Builder(2, 2).nOut(3).build())
                .layer(output(2)).build(), SETTINGS);
    }

    @Test
    void nativeDenseAndOutput() {
        check(list(InputType.feedForward(5))
                .layer(new org.alrao4j.dl4j.layers.NativeDense.Builder().nOut(4).build())
                .layer(new org.alrao4j.dl4j.layers.NativeDense.Builder().nOut(3).build())
                .layer(new org.alrao4j.dl4j.layers.NativeOutput.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build()).build(), SETTINGS);
    }

    @Test
    void convolution1d() {
        check(list(InputType.recurrent(3, 8))
                .layer(new Convolution1DLayer.Builder(3).nOut(4).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build()).build(), SETTINGS);
    }

    @ParameterizedTest
    @EnumSource(RecurrentRateSharing.class)
    void recurrentLayers(RecurrentRateSharing sharing) {
        AlraoSettings settings = AlraoSettings.builder().lrMin(1e-3).lrMax(1).recurrentSharing(sharing).build();
        check(list(InputType.recurrent(3, 5))
                .layer(new LSTM.Builder().nOut(4).build())
                .layer(new SimpleRnn.Builder().nOut(3).hasLayerNorm(true).build())
                .layer(new LastTimeStep(new LSTM.Builder().nOut(2).build()))
                .layer(output(2)).build(), settings);
        // NativeLstm keeps DL4J's LSTM layout, so its units are LSTM's
        check(list(InputType.recurrent(3, 5))
                .layer(new NativeLstm.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new LastTimeStep(new NativeLstm.Builder().nOut(2).activation(Activation.TANH).build()))
                .layer(output(2)).build(), settings);
    }

    @Test
    void embeddings() {
        check(list(InputType.feedForward(1))
                .layer(new EmbeddingLayer.Builder().nIn(10).nOut(4).build())
                .layer(output(2)).build(), SETTINGS);
        check(list(InputType.recurrent(1, 5))
                .layer(new EmbeddingSequenceLayer.Builder().nIn(10).nOut(4).inputLength(5).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(2).build()).build(), SETTINGS);
    }

    static NeuralNetConfiguration.ListBuilder list(InputType input) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).list().setInputType(input);
    }

    static OutputLayer output(int nOut) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(nOut)
                .build();
    }

    private static void check(MultiLayerConfiguration conf, AlraoSettings settings) {
        MultiLayerNetwork net = new MultiLayerNetwork(AlraoInstaller.install(conf, settings));
        net.init();
        net.initGradientsView();
        net.getFlattenedGradients().assign(1);
        for (UpdaterBlock block : ((MultiLayerUpdater) net.getUpdater()).getUpdaterBlocks()) {
            block.getGradientUpdater().applyUpdater(block.getGradientView(), 0, 0);
        }
        int checkedLayers = 0;
        for (Layer layer : net.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf1 = UnitPlans.trainableLayer(layer.conf().getLayer());
            double[] rates = ((AlraoUpdater) ((BaseLayer) conf1).getIUpdater()).unitLearningRates();
            Map<String, INDArray> grads = layer.conf().getLayer().initializer()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            for (Map.Entry<String, INDArray> e : grads.entrySet()) {
                checkParam(conf1, settings.recurrentSharing(), e.getKey(), e.getValue(), rates);
            }
            checkedLayers++;
        }
        assertThat(checkedLayers).isEqualTo(net.getLayers().length);
    }

    private static void checkParam(org.deeplearning4j.nn.conf.layers.Layer layer, RecurrentRateSharing sharing,
                                   String param, INDArray grad, double[] rates) {
        NdIndexIterator it = new NdIndexIterator(grad.shape());
        long flat = 0;
        while (it.hasNext()) {
            long[] idx = it.next();
            int unit = expectedUnit(layer, sharing, param, idx, flat++);
            double expected = unit < 0 ? 1.0 : (float) rates[unit];
            assertThat(grad.getDouble(idx)).as("%s %s %s", layer.getClass().getSimpleName(), param,
                    java.util.Arrays.toString(idx)).isEqualTo(expected);
        }
    }

    /** The unit of one element, from the parameter's meaning; -1 for an element Alrao must not touch. */
    private static int expectedUnit(org.deeplearning4j.nn.conf.layers.Layer layer, RecurrentRateSharing sharing,
                                    String param, long[] idx, long flat) {
        int last = (int) idx[idx.length - 1];
        if (layer instanceof BatchNormalization) {
            long n = ((BatchNormalization) layer).getNOut();
            return switch (param) {
                case "gamma" -> (int) flat;
                case "beta" -> (int) (n + flat);
                default -> -1;
            };
        }
        if (layer instanceof DepthwiseConvolution2D) {
            long dm = ((DepthwiseConvolution2D) layer).getDepthMultiplier();
            // W [kH, kW, nIn, m]: output channel i*m + c
            return param.equals("b") ? last : (int) (idx[2] * dm + idx[3]);
        }
        if (layer instanceof SeparableConvolution2D) {
            SeparableConvolution2D s = (SeparableConvolution2D) layer;
            long nOut = s.getNOut();
            return switch (param) {
                case "b" -> last;
                case "pW" -> (int) idx[0];
                default -> (int) (nOut + idx[0] * s.getNIn() + idx[1]); // depthwise W [m, nIn, kH, kW]
            };
        }
        if (layer instanceof Deconvolution2D) {
            return param.equals("b") ? last : (int) idx[1]; // W [nIn, nOut, kH, kW]
        }
        if (layer instanceof ConvolutionLayer) {
            return param.equals("b") ? last : (int) idx[0]; // W [nOut, nIn, kH(, kW)]
        }
        if (layer instanceof LSTM || layer instanceof SimpleRnn) {
            return recurrentUnit(layer, sharing, param, idx, last);
        }
        // dense-like: W [nIn, nOut] column = unit; bias and gain per unit (embeddings: per dimension)
        return last;
    }

    private static int recurrentUnit(org.deeplearning4j.nn.conf.layers.Layer layer, RecurrentRateSharing sharing,
                                     String param, long[] idx, int last) {
        int h = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) layer).getNOut();
        int gateRows = layer instanceof LSTM ? 4 * h : h;
        if (param.equals("g")) { // SimpleRnn layer-norm gain [2H]: input path, then recurrent path
            int j = last % h;
            boolean recurrentPath = last >= h;
            return sharing == RecurrentRateSharing.PER_UNIT || !recurrentPath ? j : gateRows + j;
        }
        if (sharing == RecurrentRateSharing.PER_UNIT) {
            return last % h;
        }
        return param.equals("RW") ? gateRows + last : last;
    }
}
