package org.alrao4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoHeadListener;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.dl4j.data.ShufflingDataSetIterator;
import org.alrao4j.dl4j.head.AlraoOutputLayerRuntime;
import org.alrao4j.dl4j.head.ClassifierStats;
import org.alrao4j.examples.data.FashionMnistData;
import org.alrao4j.examples.data.ImageSplits;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The code of {@code docs/tutorial.md}: a custom body, an Alrao head on its feature vertex, one epoch on the
 * embedded Fashion-MNIST subset, inspection of the posterior and per-classifier metrics, and a save/reload
 * round trip with {@link ModelSerializer}.
 */
public final class Tutorial {

    /**
     * What the tutorial shows.
     *
     * @param testAccuracy  accuracy of the mixture on the test images
     * @param stats         per-classifier learning rate, posterior, training loss and accuracy
     * @param modelFile     the saved network
     * @param sameAfterLoad whether the reloaded network gives the same outputs and posterior
     */
    public record Result(double testAccuracy, ClassifierStats stats, Path modelFile, boolean sameAfterLoad) {
    }

    private Tutorial() {
    }

    /** @param args optional: folder for the saved model (default: the working directory) */
    public static void main(String... args) throws IOException {
        CpuFastPath.enable();
        run(Path.of(args.length > 0 ? args[0] : "."), 0, System.out);
    }

    /**
     * @param dir      folder for {@code tutorial-model.zip}
     * @param maxTrain cap on training images ({@code <= 0}: the 8,000 of the embedded subset)
     * @param out      where to print
     * @return what the tutorial shows
     * @throws IOException if the model cannot be saved or loaded
     */
    public static Result run(Path dir, int maxTrain, PrintStream out) throws IOException {
        CpuFastPath.enable();
        // 1. The body: any graph whose feature vertex ("features") the classifiers will read.
        InputType input = InputType.convolutional(28, 28, 1);
        ComputationGraphConfiguration body = new NeuralNetConfiguration.Builder().seed(7).updater(new Sgd(0.01))
                .cacheMode(CpuFastPath.CACHE_MODE).graphBuilder().addInputs("image")
                .addLayer("conv", new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(),
                        "image")
                .addLayer("pool", new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(), "conv")
                .addLayer("features", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "pool")
                .setOutputs("features").setInputTypes(input).build();
        // 2. The head: 6 classifiers with log-spaced rates in [1e-4, 1]; body units get random rates there.
        ComputationGraphConfiguration conf = AlraoNetworks.builder()
                .settings(AlraoSettings.builder().lrMin(1e-4).lrMax(1).seed(7).build())
                .numClassifiers(6).build().withHead(body, "features", 10, input);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // 3. Train one epoch.
        ImageSplits data = FashionMnistData.load(null, maxTrain, 0);
        net.fit(new ShufflingDataSetIterator(data.train().toDataSet(10), 32, true, 7));
        // 4. Inspect: the mixture's accuracy, the posterior, each classifier's running loss and accuracy.
        DataSet test = data.test().toDataSet(10);
        double accuracy = net.evaluate(new ShufflingDataSetIterator(test, 500, false, 0)).accuracy();
        AlraoOutputLayerRuntime head = AlraoHeadListener.heads(net).get(0);
        out.printf("test accuracy %.4f%n%s", accuracy, head.classifierStats().table());
        // 5. Save with the updater state (unit rates live there) and reload.
        Path file = dir.resolve("tutorial-model.zip");
        ModelSerializer.writeModel(net, file.toFile(), true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        return new Result(accuracy, head.classifierStats(), file, sameOutputs(net, restored, test.getFeatures()));
    }

    private static boolean sameOutputs(ComputationGraph a, ComputationGraph b, INDArray features) {
        INDArray x = features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 50));
        double[] pa = AlraoHeadListener.heads(a).get(0).posterior();
        double[] pb = AlraoHeadListener.heads(b).get(0).posterior();
        return a.outputSingle(x).equalsWithEps(b.outputSingle(x), 1e-6) && java.util.Arrays.equals(pa, pb);
    }
}
