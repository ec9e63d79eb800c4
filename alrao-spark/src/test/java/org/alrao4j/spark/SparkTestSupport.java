package org.alrao4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.data.IdxReader;
import org.alrao4j.dl4j.data.LabeledImages;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** One local[2] Spark context for the module's tests, real Fashion-MNIST from ../shared, and small networks. */
final class SparkTestSupport {

    static final int CLASSES = 10;
    private static JavaSparkContext context;

    private SparkTestSupport() {
    }

    /** @return the shared {@code local[2]} context (created once, stopped when the test JVM exits) */
    static synchronized JavaSparkContext spark() {
        if (context == null) {
            context = new JavaSparkContext(SparkCnnExample.localConf("local[2]", "alrao4j-spark-tests"));
            JavaSparkContext created = context;
            Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
        }
        return context;
    }

    /** @return the first {@code limit} Fashion-MNIST training or test images of ../shared/datasets */
    static LabeledImages fashionMnist(boolean train, int limit) {
        Path shared = Path.of(System.getProperty("alrao4j.shared", "../../shared"));
        Path dir = shared.resolve("datasets/fashion-mnist");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Fashion-MNIST not found at " + dir.toAbsolutePath() + "; run the build"
                    + " from the project root with ../shared beside it, or set -Dalrao4j.shared");
        }
        String prefix = train ? "train" : "t10k";
        try {
            return IdxReader.read(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                    dir.resolve(prefix + "-labels-idx1-ubyte.gz"), limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the images as flat [n, 784] features with one-hot labels */
    static DataSet flat(LabeledImages images) {
        DataSet ds = images.toDataSet(CLASSES);
        return new DataSet(ds.getFeatures().reshape(images.size(), 28 * 28), ds.getLabels());
    }

    /** @return {@code data} as an RDD of minibatches of {@code batch} examples over {@code partitions} partitions */
    static JavaRDD<DataSet> minibatches(DataSet data, int batch, int partitions) {
        List<DataSet> list = new ArrayList<>(data.batchBy(batch));
        return spark().parallelize(list, partitions);
    }

    /** @return a softmax MLP 784 - {@code hidden} (ReLU) - 10 with {@code updater} */
    static ComputationGraphConfiguration mlp(int hidden, IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(7).updater(updater).graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nOut(CLASSES).build(), "hidden")
                .setOutputs("out").setInputTypes(InputType.feedForward(28 * 28)).build();
    }

    /** @return the Alrao version of {@link #mlp}: per-unit rates in [lrMin, lrMax], N classifiers, seed 42 */
    static ComputationGraphConfiguration alraoMlp(AlraoSettings settings, int classifiers) {
        return AlraoNetworks.builder().settings(settings).numClassifiers(classifiers).build()
                .convert(mlp(64, new Sgd(0.1)));
    }

    /** @return accuracy of {@code net} on {@code test} */
    static double accuracy(ComputationGraph net, DataSet test) {
        Evaluation eval = new Evaluation(CLASSES);
        eval.eval(test.getLabels(), net.outputSingle(test.getFeatures()));
        return eval.accuracy();
    }

    /** @return the mean negative log-likelihood of {@code net} on {@code data} */
    static double loss(ComputationGraph net, DataSet data) {
        return net.score(data, false);
    }
}
