package org.alrao4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.examples.data.FashionMnistData;
import org.alrao4j.examples.data.ImageSplits;
import org.alrao4j.zoo.Models;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The CNN example on Spark: the LeNet-style body of {@code cnn --use_alrao} with the Alrao head, trained on
 * Fashion-MNIST (the embedded subset, or {@code --data_path}) by a DL4J training master. Local mode by default;
 * docs/spark.md has the {@code spark-submit} command for a cluster.
 */
@Command(name = "spark-cnn", mixinStandardHelpOptions = true, version = "alrao4j spark-cnn 0.1.0",
        description = "Alrao LeNet on Fashion-MNIST with DL4J on Spark (docs/spark.md).")
public final class SparkCnnExample implements Callable<SparkCnnExample.Result> {

    private static final Logger LOG = LoggerFactory.getLogger(SparkCnnExample.class);
    private static final int CLASSES = 10;

    /** Which DL4J training master trains the network. */
    public enum Master { AVERAGING, SHARING }

    @Option(names = "--master", description = "Spark master without spark-submit (default ${DEFAULT-VALUE})")
    String sparkMaster = "local[2]";
    @Option(names = "--training_master", description = "AVERAGING or SHARING (default ${DEFAULT-VALUE})")
    Master master = Master.AVERAGING;
    @Option(names = "--epochs", description = "passes over the training set (default ${DEFAULT-VALUE})")
    int epochs = 1;
    @Option(names = "--batch_size", description = "minibatch size per worker (default ${DEFAULT-VALUE})")
    int batchSize = 32;
    @Option(names = "--averaging_frequency", description = "AVERAGING: minibatches between averagings (default ${DEFAULT-VALUE})")
    int averagingFrequency = 5;
    @Option(names = "--max_train", description = "cap on training images, 0: all (default ${DEFAULT-VALUE})")
    int maxTrain = 0;
    @Option(names = "--max_eval", description = "cap on test images, 0: all (default ${DEFAULT-VALUE})")
    int maxEval = 0;
    @Option(names = "--data_path", description = "folder with the Fashion-MNIST IDX files (default: embedded subset)")
    Path dataPath;
    @Option(names = "--lr_min", description = "Alrao's smallest learning rate (default ${DEFAULT-VALUE})")
    double lrMin = 1e-5;
    @Option(names = "--lr_max", description = "Alrao's largest learning rate (default ${DEFAULT-VALUE})")
    double lrMax = 1;
    @Option(names = "--classifiers", description = "number of classifiers N (default ${DEFAULT-VALUE})")
    int classifiers = 10;
    @Option(names = "--seed", description = "seed of weights and learning rates (default ${DEFAULT-VALUE})")
    long seed = 42;
    @Option(names = "--unicast_port", description = "SHARING: the driver's UDP port (default ${DEFAULT-VALUE})")
    int unicastPort = 40123;
    @Option(names = "--network_mask", description = "SHARING: mask of the cluster's addresses (default ${DEFAULT-VALUE})")
    String networkMask = "127.0.0.0/8";
    @Option(names = "--save", description = "write the trained network here (ModelSerializer zip)")
    File save;

    private JavaSparkContext context;

    /**
     * What a run produced.
     *
     * @param semantics     the training master's semantics
     * @param trainImages   training images used
     * @param testAccuracy  accuracy on the test images, evaluated on the driver after the last epoch
     * @param epochTestLosses the mixture NLL on the test images after each epoch (driver)
     * @param posterior     the head's posterior at the end (gradient sharing: refreshed from the training data)
     * @param seconds       wall-clock training time
     * @param savedTo       where the network was written, or {@code null}
     */
    public record Result(DistributedSemantics semantics, int trainImages, double testAccuracy,
                         List<Double> epochTestLosses, double[] posterior, double seconds, File savedTo) {
    }

    /** Command line entry point; bad options exit with status 2 and the reason. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SparkCnnExample());
        int code = cl.execute(args);
        if (code == 0) {
            Result r = cl.getExecutionResult();
            System.out.printf("test accuracy %.4f after %d epoch(s), %d training images, %.1f s (%s)%n",
                    r.testAccuracy(), r.epochTestLosses().size(), r.trainImages(), r.seconds(), r.semantics());
        }
        System.exit(code);
    }

    /** @return the result of a run with {@code args}, in its own Spark context (stopped at the end) */
    public static Result run(String... args) {
        return run(null, args);
    }

    /**
     * @param sc   an existing context to train in (left running), or {@code null} for a new one from {@code --master}
     * @param args command-line options ({@code --help} lists them)
     * @return the result of the run
     * @throws CommandLine.ParameterException for bad options, naming the option and the value
     */
    public static Result run(JavaSparkContext sc, String... args) {
        SparkCnnExample example = new SparkCnnExample();
        example.context = sc;
        new CommandLine(example).parseArgs(args);
        return example.call();
    }

    /** @return a Spark configuration for local runs and tests: no UI, loopback addresses */
    public static SparkConf localConf(String master, String appName) {
        return new SparkConf().setMaster(master).setAppName(appName).set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }

    @Override
    public Result call() {
        validate();
        CpuFastPath.enable();
        boolean own = context == null;
        JavaSparkContext sc = own ? new JavaSparkContext(contextConf()) : context;
        try {
            return train(sc);
        } finally {
            if (own) {
                sc.stop();
            }
        }
    }

    /** spark-submit sets {@code spark.master} (a system property SparkConf reads); then --master is ignored. */
    private SparkConf contextConf() {
        SparkConf submitted = new SparkConf();
        if (submitted.contains("spark.master")) {
            return submitted.setAppName("alrao4j-spark-cnn");
        }
        return localConf(sparkMaster, "alrao4j-spark-cnn");
    }

    private Result train(JavaSparkContext sc) {
        ImageSplits data = FashionMnistData.load(dataPath, maxTrain, maxEval);
        LOG.info("data: {}", data.describe());
        ComputationGraphConfiguration conf = AlraoNetworks.builder()
                .settings(AlraoSettings.builder().lrMin(lrMin).lrMax(lrMax).seed(seed).build())
                .numClassifiers(classifiers).build()
                .convert(Models.lenet(data.inputType(), CLASSES, new Sgd(0.1), seed));
        SparkComputationGraph net = new SparkComputationGraph(sc, conf, trainingMaster());
        JavaRDD<DataSet> train = sc.parallelize(data.train().toDataSet(CLASSES).batchBy(batchSize),
                sc.defaultParallelism()).cache();
        long start = System.nanoTime();
        List<Double> losses = new ArrayList<>();
        DataSet test = data.test().toDataSet(CLASSES);
        FitReport report = null;
        for (int epoch = 0; epoch < epochs; epoch++) {
            report = AlraoSparkTraining.fit(net, train);
            losses.add(net.getNetwork().score(test, false));
            LOG.info("epoch {}: test loss {} ({} s)", epoch + 1, losses.get(epoch), report.seconds());
        }
        Map<String, double[]> posteriors = master == Master.SHARING
                ? AlraoSparkTraining.refreshPosterior(net, train) : AlraoSparkTraining.posteriors(net.getNetwork());
        double seconds = (System.nanoTime() - start) / 1e9;
        train.unpersist();
        double accuracy = accuracy(net.getNetwork(), test);
        if (save != null) {
            try {
                ModelSerializer.writeModel(net.getNetwork(), save, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the network to --save " + save, e);
            }
        }
        return new Result(report.semantics(), data.train().size(), accuracy, losses,
                posteriors.get(Models.OUTPUT), seconds, save);
    }

    private TrainingMaster<?, ?> trainingMaster() {
        if (master == Master.AVERAGING) {
            return new ParameterAveragingTrainingMaster.Builder(batchSize).batchSizePerWorker(batchSize)
                    .averagingFrequency(averagingFrequency).saveUpdater(true).workerPrefetchNumBatches(0).build();
        }
        VoidConfiguration voidConf = VoidConfiguration.builder().unicastPort(unicastPort).networkMask(networkMask)
                .build();
        return new SharedTrainingMaster.Builder(voidConf, batchSize).batchSizePerWorker(batchSize).build();
    }

    private static double accuracy(ComputationGraph net, DataSet test) {
        Evaluation eval = new Evaluation(CLASSES);
        for (DataSet batch : test.batchBy(500)) {
            eval.eval(batch.getLabels(), net.outputSingle(batch.getFeatures()));
        }
        return eval.accuracy();
    }

    private void validate() {
        positive("--epochs", epochs);
        positive("--batch_size", batchSize);
        positive("--averaging_frequency", averagingFrequency);
        positive("--classifiers", classifiers);
        if (maxTrain < 0 || maxEval < 0) {
            throw new IllegalArgumentException("--max_train and --max_eval must be >= 0 (0: no cap), got "
                    + maxTrain + " and " + maxEval);
        }
        if (dataPath != null && !FashionMnistData.isIdxFolder(dataPath)) {
            throw new IllegalArgumentException("--data_path " + dataPath + " has no train-images-idx3-ubyte[.gz];"
                    + " pass a folder with the Fashion-MNIST IDX files, or leave it out for the embedded subset");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + value);
        }
    }
}
