package org.alrao4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alrao4j.core.LearningRateRange;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.dl4j.layers.NativeLayers;
import org.alrao4j.dl4j.data.LabeledImages;
import org.alrao4j.examples.data.Cifar10Data;
import org.alrao4j.examples.data.CropFlipAugmentation;
import org.alrao4j.examples.data.DataException;
import org.alrao4j.examples.data.FashionMnistData;
import org.alrao4j.examples.data.ImageSplits;
import org.alrao4j.examples.train.ImageClassificationTask;
import org.alrao4j.examples.train.ResultsWriter;
import org.alrao4j.examples.train.RunExtras;
import org.alrao4j.examples.train.RunResult;
import org.alrao4j.examples.train.SnapshotEnsembles;
import org.alrao4j.examples.train.TrainingHistory;
import org.alrao4j.examples.train.TrainingLoop;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cnn}: image classification as the reference's {@code main_cnn.py}, on the embedded Fashion-MNIST
 * subset by default.
 */
@Command(name = "cnn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Image classification with Alrao (--use_alrao) or a plain SGD/Adam baseline (reference"
                + " main_cnn.py).",
            "Data (--data_path): leave out for the embedded Fashion-MNIST subset (10,000 train + 2,000 test images;"
                + " MIT, Zalando SE); a Fashion-MNIST/MNIST IDX folder; CIFAR-10 as the official binary batches"
                + " folder (data_batch_1..5.bin, test_batch.bin) or an image tree train/<class>/*, test/<class>/*"
                + " (folder or zip). CIFAR-10 is normalised with the reference's mean/std.",
            "Splits: the last 20% of the training file validates (CIFAR-10: 40,000 train / 10,000 valid, the paper's"
                + " protocol; embedded Fashion-MNIST: 8,000 / 2,000), the official test set tests. The best epoch is"
                + " the one with the lowest validation loss; its test metrics are reported.",
            "Batch size 32 as the reference's hard-coded one.",
            "Learning-rate methods: --sgdr T0,Tmult (warm restarts, per iteration), --snapshots m with --ensemble"
                + " last|best (snapshot ensemble on the test set), --optimizer SGD-HD|SGDN-HD|Adam-HD (hypergradient"
                + " descent, baseline only). Every run also writes iterations.csv and learning-rate.png; -HD runs"
                + " alpha.png, snapshot runs ensemble.png and OUT/snapshots.",
            "Examples:",
            "  cnn --use_alrao --epochs 2",
            "  cnn --lr 0.05 --sgdr 1,2 --snapshots 3 --ensemble last --epochs 7",
            "  cnn --optimizer SGD-HD --lr 0.001 --epochs 2", ""})
public final class CnnCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    SgdrOptions lrOptions = new SgdrOptions();

    @Option(names = "--model_name", defaultValue = "LeNet", description = "Body architecture (default:"
            + " ${DEFAULT-VALUE}); the reference offers VGG19, GoogLeNet, MobileNetV2, SENet18.")
    String modelName;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate of the baseline (no --use_alrao)"
            + " (default: ${DEFAULT-VALUE}); the peak of --sgdr and alpha0 of the -HD optimizers.")
    double lr;

    @Option(names = "--minLR", defaultValue = "-5", description = "log10 of Alrao's smallest learning rate"
            + " (default: ${DEFAULT-VALUE}).")
    double minLR;

    @Option(names = "--maxLR", defaultValue = "0", description = "log10 of Alrao's largest learning rate"
            + " (default: ${DEFAULT-VALUE}; the paper uses 1).")
    double maxLR;

    @Option(names = "--n_last_layers", defaultValue = "10", description = "Number of Alrao classifiers"
            + " (default: ${DEFAULT-VALUE}).")
    int nLastLayers;

    @Option(names = "--batch_size", defaultValue = "32", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--data_augm", description = "Random crop (padding 4) and horizontal flip of training images.")
    boolean dataAugm;

    @Option(names = "--size_multiplier", defaultValue = "1", description = "Width multiplier of the zoo bodies"
            + " (default: ${DEFAULT-VALUE}; LeNet ignores it).")
    int sizeMultiplier;

    @Option(names = "--dl4j_layers", description = "Use DL4J's own convolution, dense and output layers instead of"
            + " alrao4j's native ones (the same computation, faster per step; docs/performance.md).")
    boolean dl4jLayers;

    private final PrintStream out = System.out;

    /**
     * Parses {@code args} and trains, printing to {@code System.out}.
     *
     * @param args the command's arguments (without "cnn")
     * @return the run's results, also written to its results folder
     * @throws CommandLine.ParameterException for unknown options or malformed values
     * @throws BadInputException              for unusable option values
     * @throws DataException                  for missing or malformed data
     */
    public static RunResult run(String... args) {
        CnnCommand command = new CnnCommand();
        new CommandLine(command).parseArgs(args);
        return command.train();
    }

    @Override
    public Integer call() {
        train();
        return 0;
    }

    /** @return the results of training with the parsed options */
    RunResult train() {
        CpuFastPath.enable();
        validate();
        ImageSplits data = load();
        ImageClassificationTask task = new ImageClassificationTask(data, batchSize, augmentation(data), common.seed);
        long perEpoch = task.iterationsPerEpoch();
        LrMethods methods = LrMethods.prepare(common, lrOptions, lr, perEpoch, data.valid().size() > 0);
        LearningRateRange range = LearningRateRange.ofLog10(minLR, maxLR);
        ComputationGraphConfiguration conf = configuration(data, range, methods);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        methods.install(net);
        Path dir = outDir();
        out.printf("cnn: %s on %s; %s%s; results -> %s%n", modelName, data.describe(), describe(range),
                methods.describe(perEpoch), dir);
        TrainingHistory history = new TrainingLoop(common.epochs, common.earlyStopping, out, !common.noProgress)
                .run(net, task, methods.listeners(dir, ensembleData(data, data.valid())));
        RunExtras extras = methods.finish(ensembleData(data, data.test()), out);
        RunResult result = result(data, range, conf, history, net, dir).withExtras(extras);
        write(result);
        out.printf("best epoch %d: test accuracy %.4f, test loss %.4f; %.1f ms/iteration; results in %s%n",
                result.best().epoch(), result.best().testAccuracy(), result.best().testLoss(),
                history.msPerIteration(), dir.toAbsolutePath());
        return result;
    }

    private void validate() {
        common.validate();
        lrOptions.validate(common.optimizerChoice());
        CommonOptions.require(minLR <= maxLR, "--minLR " + minLR + " is above --maxLR " + maxLR
                + "; pass --minLR <= --maxLR (log10 values, e.g. --minLR -5 --maxLR 1)");
        CommonOptions.require(lr > 0, "--lr must be > 0, got " + lr);
        CommonOptions.require(nLastLayers >= 1, "--n_last_layers must be >= 1, got " + nLastLayers);
        CommonOptions.require(batchSize >= 1, "--batch_size must be >= 1, got " + batchSize);
        CommonOptions.require(sizeMultiplier >= 1, "--size_multiplier must be >= 1, got " + sizeMultiplier);
        CnnModels.build(modelName, org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 28, 1), 10,
                sizeMultiplier, Networks.baselineUpdater(common.baseOptimizer(), lr), common.seed);
    }

    private ImageSplits load() {
        Path path = common.dataPath;
        if (path == null || FashionMnistData.isIdxFolder(path)) {
            return FashionMnistData.load(path, common.maxTrain, common.maxEval);
        }
        if (Cifar10Data.recognises(path)) {
            return Cifar10Data.load(path, common.maxTrain, common.maxEval);
        }
        throw new DataException("--data_path " + path + " is neither a Fashion-MNIST IDX folder nor CIFAR-10"
                + " (binary batches folder, or image tree folder/zip); see cnn --help");
    }

    private ComputationGraphConfiguration configuration(ImageSplits data, LearningRateRange range,
                                                        LrMethods methods) {
        ComputationGraphConfiguration built = CnnModels.build(modelName, data.inputType(), data.numClasses(),
                sizeMultiplier, methods.baselineUpdater(), common.seed);
        ComputationGraphConfiguration plain = dl4jLayers ? built : NativeLayers.convert(built);
        Networks.weightDecay(plain, common.weightDecay);
        return common.useAlrao ? Networks.alrao(plain, range, common.baseOptimizer(), nLastLayers, common.seed,
                methods.alraoMultiplier()) : plain;
    }

    /** @return the split as an in-order iterator for snapshots and their ensemble; {@code null} without them */
    private DataSetIterator ensembleData(ImageSplits data, LabeledImages split) {
        return lrOptions.snapshotCount() > 0 ? SnapshotEnsembles.iterator(split, data.numClasses()) : null;
    }

    private CropFlipAugmentation augmentation(ImageSplits data) {
        if (!dataAugm) {
            return null;
        }
        boolean cifar = data.name().startsWith("cifar10");
        float[] fill = cifar ? CropFlipAugmentation.blackAfterNormalising(Cifar10Data.MEAN, Cifar10Data.STD)
                : new float[] {0f};
        return new CropFlipAugmentation(fill, common.seed);
    }

    private String describe(LearningRateRange range) {
        return common.useAlrao ? String.format("Alrao %s on [%.3g, %.3g] with %d classifiers", common.optimizerName(),
                range.lrMin(), range.lrMax(), nLastLayers)
                : String.format("baseline %s(lr=%s)", common.optimizerName(), lr);
    }

    private Path outDir() {
        try {
            return ResultsWriter.prepare(common.out, "cnn");
        } catch (IOException e) {
            throw new BadInputException("cannot create the results folder --out " + common.out + ": " + e.getMessage());
        }
    }

    private RunResult result(ImageSplits data, LearningRateRange range, ComputationGraphConfiguration conf,
                             TrainingHistory history, ComputationGraph net, Path dir) {
        boolean alrao = common.useAlrao;
        double[] rates = alrao ? Networks.classifierRates(range, nLastLayers) : new double[] {lr};
        double[] posterior = alrao ? org.alrao4j.dl4j.AlraoHeadListener.heads(net).get(0).posterior()
                : new double[] {1.0};
        Map<String, double[]> unitRates = Networks.unitRates(conf);
        return new RunResult("cnn", data.name(), modelName, common.optimizerName(), alrao,
                alrao ? range.lrMin() : lr, alrao ? range.lrMax() : lr, rates, common.seed, history, posterior,
                unitRates, false, dir);
    }

    private void write(RunResult result) {
        try {
            ResultsWriter.write(result);
        } catch (IOException e) {
            throw new BadInputException("cannot write results to " + result.outDir() + ": " + e.getMessage());
        }
    }
}
