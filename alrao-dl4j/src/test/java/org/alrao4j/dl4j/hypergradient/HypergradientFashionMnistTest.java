package org.alrao4j.dl4j.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.alrao4j.core.hypergradient.SgdHd;
import org.alrao4j.dl4j.SharedData;
import org.alrao4j.dl4j.data.LabeledImages;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The real-task check of SGD-HD (Baydin et al., arXiv:1703.04782), in the setting of the reference's
 * {@code run.sh} logistic regression: a 784 -> 10 softmax classifier, inputs standardised with one global mean
 * and deviation ({@code transforms.Normalize}), weights U(-1/sqrt(784), 1/sqrt(784)) (PyTorch's
 * {@code nn.Linear}), L2 1e-4 added to the gradient (the reference's {@code weight_decay}), batch 128,
 * alpha0 = 1e-3, beta = 1e-3, one global alpha; here on Fashion-MNIST, 20,000 training and 5,000 validation
 * images, one epoch (157 updates). The paper's MNIST result: after one epoch SGD-HD's validation loss is far
 * below SGD's at the same alpha0 (reference CSVs: 0.316 vs 0.769).
 */
class HypergradientFashionMnistTest {

    private static final int TRAIN = 20_000;
    private static final int VALID = 5_000;
    private static final int BATCH = 128;
    private static final double ALPHA0 = 1e-3;
    private static final double BETA = 1e-3;

    /** Records the global alpha after every update. */
    private static final class AlphaTrace extends BaseTrainingListener {
        final List<Double> alphas = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            alphas.add(HypergradientInstaller.alphas((MultiLayerNetwork) model).values().iterator().next());
        }
    }

    private static MultiLayerNetwork logisticRegression(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(updater)
                .l2(1e-4).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.UNIFORM).nIn(784).nOut(10).build())
                .build());
        net.init();
        return net;
    }

    /** @return the examples flattened to [n, 784] and standardised with the given mean and deviation */
    private static DataSet flatten(LabeledImages images, double mean, double std) {
        DataSet ds = images.toDataSet(10);
        INDArray x = ds.getFeatures().reshape('c', images.size(), 784).sub(mean).divi(std);
        return new DataSet(x, ds.getLabels());
    }

    /** @return mean negative log-likelihood of the true class (no regularization term) */
    private static double validationLoss(MultiLayerNetwork net, DataSet valid) {
        INDArray p = net.output(valid.getFeatures());
        INDArray logP = Transforms.log(Transforms.max(p, 1e-30, true), false);
        return -logP.mul(valid.getLabels()).sumNumber().doubleValue() / valid.numExamples();
    }

    @Test
    void sgdHdReachesALowerValidationLossThanSgdAfterOneEpoch() throws Exception {
        LabeledImages trainImages = SharedData.fashionMnist(true, TRAIN);
        INDArray pixels = trainImages.features();
        double mean = pixels.meanNumber().doubleValue();
        double std = pixels.stdNumber().doubleValue();
        DataSet train = flatten(trainImages, mean, std);
        DataSet valid = flatten(SharedData.fashionMnist(false, VALID), mean, std);

        MultiLayerNetwork sgd = logisticRegression(new Sgd(ALPHA0));
        double initialLoss = validationLoss(sgd, valid);
        sgd.fit(new ShufflingDataSetIterator(train, BATCH, true, 7));
        double sgdLoss = validationLoss(sgd, valid);

        MultiLayerNetwork hd = logisticRegression(new Sgd(ALPHA0));
        HypergradientInstaller.installGlobal(hd, new SgdHd(ALPHA0, BETA));
        AlphaTrace trace = new AlphaTrace();
        hd.setListeners(trace);
        hd.fit(new ShufflingDataSetIterator(train, BATCH, true, 7));
        double hdLoss = validationLoss(hd, valid);

        List<Double> a = trace.alphas;
        double max = a.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        int argMax = a.indexOf(max);
        System.out.printf("Fashion-MNIST logreg, %d train / %d valid, batch %d, 1 epoch (%d updates):%n"
                + "  initial validation loss %.4f%n  SGD(%.0e)        validation loss %.4f%n"
                + "  SGD-HD(%.0e, beta %.0e) validation loss %.4f%n"
                + "  alpha after update 1 %.3e, max %.3e at update %d, after update %d %.3e%n",
                TRAIN, VALID, BATCH, a.size(), initialLoss, ALPHA0, sgdLoss, ALPHA0, BETA, hdLoss, a.get(0), max,
                argMax + 1, a.size(), a.get(a.size() - 1));

        assertThat(a).hasSize((TRAIN + BATCH - 1) / BATCH);
        assertThat(sgdLoss).isLessThan(initialLoss);
        assertThat(hdLoss).isLessThan(sgdLoss);
        assertThat(max).as("alpha is learned upwards from alpha0, as in the paper's increase phase")
                .isGreaterThan(ALPHA0);
    }
}
