package org.alrao4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.alrao4j.core.LearningRateRange;
import org.alrao4j.dl4j.AlraoHeadListener;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.examples.data.TextCorpus;
import org.alrao4j.examples.train.LanguageModelTask;
import org.alrao4j.examples.train.ResultsWriter;
import org.alrao4j.examples.train.RunResult;
import org.alrao4j.examples.train.TrainingHistory;
import org.alrao4j.examples.train.TrainingLoop;
import org.alrao4j.zoo.Models;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnn}: LSTM language modelling as the reference's {@code main_rnn.py}, on the embedded Tiny
 * Shakespeare by default.
 */
@Command(name = "rnn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Word- or character-level (--char_prediction) language modelling with an LSTM body and"
                + " Alrao (--use_alrao) or a plain SGD/Adam baseline (reference main_rnn.py).",
            "Data (--data_path): leave out for the embedded Tiny Shakespeare (public domain), split 90/5/5; a Penn"
                + " Treebank folder or zip (ptb.train.txt, ...; with --char_prediction ptb.char.*.txt); or any UTF-8"
                + " text file, split 90/5/5.",
            "Truncated BPTT over --bptt steps with the hidden state carried across windows. --clip clips each body"
                + " layer's gradient L2 norm (DL4J ClipL2PerLayer); the reference clips the global norm of all body"
                + " gradients, so per-layer clipping is looser (up to sqrt(layers) times). Losses are in nats per"
                + " token; bits = nats / ln 2.",
            "Baseline: DL4J sums a sequence's loss over the window's steps where the reference averages, so SGD"
                + " gets --lr / --bptt and the clip threshold is --clip * --bptt, which makes steps the reference's.",
            "--optimizer SGD-HD|SGDN-HD|Adam-HD (baseline only) learns one global rate alpha from that effective"
                + " rate by hypergradient descent; iterations.csv, learning-rate.png and alpha.png record it.",
            "The paper's setup: --char_prediction --bptt 70 --use_alrao --n_last_layers 6. Example:",
            "  rnn --char_prediction --use_alrao --n_last_layers 6 --epochs 1", ""})
public final class RnnCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--char_prediction", description = "Character-level model (default: word level).")
    boolean charPrediction;

    @Option(names = "--lr", defaultValue = "1.0", description = "Learning rate of the baseline (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--minlr", defaultValue = "0.001", description = "Alrao's smallest learning rate (default:"
            + " ${DEFAULT-VALUE}).")
    double minlr;

    @Option(names = "--maxlr", defaultValue = "100.0", description = "Alrao's largest learning rate (default:"
            + " ${DEFAULT-VALUE}).")
    double maxlr;

    @Option(names = "--n_last_layers", defaultValue = "1", description = "Number of Alrao classifiers (default:"
            + " ${DEFAULT-VALUE}; the paper uses 6).")
    int nLastLayers;

    @Option(names = "--batch_size", defaultValue = "20", description = "Parallel training streams (default:"
            + " ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--bptt", defaultValue = "35", description = "Truncated-BPTT window (default: ${DEFAULT-VALUE};"
            + " the paper uses 70).")
    int bptt;

    @Option(names = "--nlayers", defaultValue = "2", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
    int nlayers;

    @Option(names = "--emsize", defaultValue = "100", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int emsize;

    @Option(names = "--nhid", defaultValue = "100", description = "LSTM units per layer (default: ${DEFAULT-VALUE}).")
    int nhid;

    @Option(names = "--drop_out", defaultValue = "0.2", description = "Drop probability (default: ${DEFAULT-VALUE}).")
    double dropOut;

    @Option(names = "--clip", defaultValue = "0.25", description = "Per-layer gradient L2-norm clip of the body"
            + " (default: ${DEFAULT-VALUE}; 0: none).")
    double clip;

    @Option(names = "--dl4j_lstm", description = "Use DL4J's LSTM layer instead of NativeLstm (the same"
            + " computation with a faster time loop, about 4.7x faster per step; docs/performance.md).")
    boolean dl4jLstm;

    private final PrintStream out = System.out;

    /**
     * Parses {@code args} and trains, printing to {@code System.out}.
     *
     * @param args the command's arguments (without "rnn")
     * @return the run's results, also written to its results folder
     */
    public static RunResult run(String... args) {
        RnnCommand command = new RnnCommand();
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
        TextCorpus corpus = TextCorpus.load(common.dataPath, charPrediction, common.maxTrain, common.maxEval);
        LearningRateRange range = new LearningRateRange(minlr, maxlr);
        ComputationGraphConfiguration conf = configuration(corpus.vocabularySize(), range);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        LanguageModelTask task = new LanguageModelTask(corpus, batchSize, bptt, !common.useAlrao);
        LrMethods methods = LrMethods.prepare(common, new SgdrOptions(), baselineLr(), task.iterationsPerEpoch(),
                true);
        methods.install(net);
        Path dir = outDir();
        out.printf("rnn: %d-layer LSTM(%d) on %s: %d train / %d valid / %d test tokens, vocabulary %d; %s;"
                + " results -> %s%n", nlayers, nhid, corpus.name(), corpus.train().length, corpus.valid().length,
                corpus.test().length, corpus.vocabularySize(), describe(range) + methods.describe(0), dir);
        TrainingHistory history = new TrainingLoop(common.epochs, common.earlyStopping, out, !common.noProgress)
                .run(net, task, methods.listeners(dir, null));
        RunResult result = result(corpus, range, conf, history, net, dir).withExtras(methods.finish(null, out));
        write(result);
        out.printf("best epoch %d: test loss %.4f nats = %.4f bits per %s, test accuracy %.4f; %.1f ms/iteration;"
                + " results in %s%n", result.best().epoch(), result.best().testLoss(),
                result.best().testLoss() / Math.log(2), charPrediction ? "character" : "word",
                result.best().testAccuracy(), history.msPerIteration(), dir.toAbsolutePath());
        return result;
    }

    private void validate() {
        common.validate();
        CommonOptions.require(minlr > 0 && minlr <= maxlr, "--minlr " + minlr + " and --maxlr " + maxlr
                + " must satisfy 0 < minlr <= maxlr (actual rates, e.g. --minlr 0.001 --maxlr 100)");
        CommonOptions.require(lr > 0, "--lr must be > 0, got " + lr);
        CommonOptions.require(nLastLayers >= 1, "--n_last_layers must be >= 1, got " + nLastLayers);
        CommonOptions.require(batchSize >= 1 && bptt >= 1, "--batch_size and --bptt must be >= 1");
        CommonOptions.require(nlayers >= 1 && emsize >= 1 && nhid >= 1, "--nlayers, --emsize, --nhid must be >= 1");
        CommonOptions.require(dropOut >= 0 && dropOut < 1, "--drop_out must be in [0, 1), got " + dropOut);
        CommonOptions.require(clip >= 0, "--clip must be >= 0, got " + clip);
    }

    private ComputationGraphConfiguration configuration(int vocabulary, LearningRateRange range) {
        ComputationGraphConfiguration plain = Models.languageModel(vocabulary, emsize, nhid, nlayers, dropOut,
                Networks.baselineUpdater(common.baseOptimizer(), baselineLr()), common.seed, !dl4jLstm);
        Networks.weightDecay(plain, common.weightDecay);
        clipBody(plain);
        ComputationGraphConfiguration conf = common.useAlrao
                ? Networks.alrao(plain, range, common.baseOptimizer(), nLastLayers, common.seed) : plain;
        conf.setBackpropType(BackpropType.TruncatedBPTT);
        conf.setTbpttFwdLength(bptt);
        conf.setTbpttBackLength(bptt);
        return conf;
    }

    /**
     * DL4J's plain sequence output sums the loss over the window's steps where the reference averages, so the
     * baseline's gradients are {@code bptt} times the reference's (the Alrao head averages itself).
     */
    private double lossScale() {
        return common.useAlrao ? 1 : bptt;
    }

    /** SGD's step scales with the gradient, Adam's does not. */
    private double baselineLr() {
        return common.baseOptimizer() == org.alrao4j.core.BaseOptimizer.SGD ? lr / lossScale() : lr;
    }

    /** The reference clips the internal network only, never the classifiers. */
    private void clipBody(ComputationGraphConfiguration conf) {
        if (clip <= 0) {
            return;
        }
        conf.getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex && !Models.OUTPUT.equals(name)
                    && ((LayerVertex) vertex).getLayerConf().getLayer() instanceof BaseLayer) {
                BaseLayer layer = (BaseLayer) ((LayerVertex) vertex).getLayerConf().getLayer();
                layer.setGradientNormalization(GradientNormalization.ClipL2PerLayer);
                layer.setGradientNormalizationThreshold(clip * lossScale());
            }
        });
    }

    private String describe(LearningRateRange range) {
        return common.useAlrao ? String.format("Alrao %s on [%.3g, %.3g] with %d classifiers", common.optimizerName(),
                range.lrMin(), range.lrMax(), nLastLayers)
                : String.format("baseline %s(lr=%s)", common.optimizerName(), lr);
    }

    private Path outDir() {
        try {
            return ResultsWriter.prepare(common.out, "rnn");
        } catch (IOException e) {
            throw new BadInputException("cannot create the results folder --out " + common.out + ": " + e.getMessage());
        }
    }

    private RunResult result(TextCorpus corpus, LearningRateRange range, ComputationGraphConfiguration conf,
                             TrainingHistory history, ComputationGraph net, Path dir) {
        boolean alrao = common.useAlrao;
        double[] rates = alrao ? Networks.classifierRates(range, nLastLayers) : new double[] {lr};
        double[] posterior = alrao ? AlraoHeadListener.heads(net).get(0).posterior() : new double[] {1.0};
        String model = String.format("LSTM(nlayers=%d, emsize=%d, nhid=%d, dropout=%s)", nlayers, emsize, nhid,
                dropOut);
        return new RunResult("rnn", corpus.name(), model, common.optimizerName(), alrao, alrao ? range.lrMin() : lr,
                alrao ? range.lrMax() : lr, rates, common.seed, history, posterior, Networks.unitRates(conf), true,
                dir);
    }

    private void write(RunResult result) {
        try {
            ResultsWriter.write(result);
        } catch (IOException e) {
            throw new BadInputException("cannot write results to " + result.outDir() + ": " + e.getMessage());
        }
    }
}
