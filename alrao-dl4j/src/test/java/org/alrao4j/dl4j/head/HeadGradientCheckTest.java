package org.alrao4j.dl4j.head;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.alrao4j.dl4j.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * GradientCheckUtil in double precision. With one classifier the mixture is that classifier, so every
 * parameter's analytic gradient must equal the numerical gradient of the loss (the own-loss path). With
 * several classifiers the loss's numerical gradient is the mixture NLL's: it must match the body's
 * analytic gradients (the mixture path); the classifiers, trained on their own losses by design, and the
 * stop-gradient posterior are excluded there and checked exactly in {@link HeadGradientSplitTest}.
 */
@ExtendWith(DoublePrecision.class)
class HeadGradientCheckTest {

    private static MultiLayerNetwork net(int numClassifiers, boolean recurrent) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(12).dataType(DataType.DOUBLE)
                .updater(new Sgd(1.0)).list();
        b.layer(recurrent ? new LSTM.Builder().nOut(4).activation(Activation.TANH).build()
                : new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build());
        // rates of 1 make the classifiers' updater the identity, as GradientCheckUtil requires
        b.layer(new AlraoOutputLayer.Builder().nOut(3).numClassifiers(numClassifiers).lrMin(1).lrMax(1).build());
        MultiLayerConfiguration conf = b.setInputType(recurrent ? InputType.recurrent(3, 4) : InputType.feedForward(3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        AlraoOutputLayerRuntime head = (AlraoOutputLayerRuntime) net.getOutputLayer();
        head.setSwitchUpdates(false);
        if (numClassifiers > 1) {
            head.getParam(AlraoOutputLayer.LOG_POSTERIOR).assign(
                    Nd4j.createFromArray(Math.log(0.2), Math.log(0.5), Math.log(0.3)).reshape(1, 3));
        }
        return net;
    }

    private static INDArray oneHot(long... shape) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, shape);
        for (int i = 0; i < shape[0]; i++) {
            if (shape.length == 2) {
                y.putScalar(i, (i * 7) % shape[1], 1);
            } else {
                for (int t = 0; t < shape[2]; t++) {
                    y.putScalar(new int[] {i, (i + 2 * t) % (int) shape[1], t}, 1);
                }
            }
        }
        return y;
    }

    @Test
    void singleClassifierFeedForwardAllParameters() {
        Nd4j.getRandom().setSeed(1);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net(1, false))
                .input(Nd4j.rand(DataType.DOUBLE, 5, 3)).labels(oneHot(5, 3))
                .excludeParams(Set.of("1_logPost", "1_switch")));
        assertThat(ok).isTrue();
    }

    @Test
    void singleClassifierRecurrentWithLabelMask() {
        Nd4j.getRandom().setSeed(2);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 4);
        mask.putScalar(1, 3, 0);
        mask.putScalar(1, 2, 0);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net(1, true))
                .input(Nd4j.rand(DataType.DOUBLE, 2, 3, 4)).labels(oneHot(2, 3, 4)).labelMask(mask)
                .excludeParams(Set.of("1_logPost", "1_switch")));
        assertThat(ok).isTrue();
    }

    @Test
    void mixturePathFeedsTheBody() {
        Nd4j.getRandom().setSeed(3);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net(3, false))
                .input(Nd4j.rand(DataType.DOUBLE, 6, 3)).labels(oneHot(6, 3))
                .excludeParams(Set.of("1_W", "1_b", "1_logPost", "1_switch")));
        assertThat(ok).isTrue();
    }

    @Test
    void mixturePathFeedsARecurrentBody() {
        Nd4j.getRandom().setSeed(4);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 4);
        mask.putScalar(0, 0, 0);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net(3, true))
                .input(Nd4j.rand(DataType.DOUBLE, 2, 3, 4)).labels(oneHot(2, 3, 4)).labelMask(mask)
                .excludeParams(Set.of("1_W", "1_b", "1_logPost", "1_switch")));
        assertThat(ok).isTrue();
    }
}
