package org.alrao4j.examples.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything one example run reports; {@link ResultsWriter} turns it into the results folder.
 *
 * @param command                 the subcommand ("cnn", "rnn")
 * @param dataset                 dataset description, e.g. "fashion-mnist-subset (embedded)"
 * @param model                   model name
 * @param optimizer               "SGD", "Adam", "SGD-HD", "SGDN-HD" or "Adam-HD"
 * @param alrao                   whether Alrao was on
 * @param lrMin                   smallest learning rate (the baseline's single rate without Alrao)
 * @param lrMax                   largest learning rate
 * @param classifierLearningRates the classifiers' rates (one for a baseline)
 * @param seed                    seed of sampling, initialisation and shuffling
 * @param history                 per-epoch metrics and the posterior over training
 * @param posterior               final Switch posterior ({@code [1]} for a baseline)
 * @param unitRates               sampled unit learning rates per body layer (empty for a baseline)
 * @param bitsReported            whether the best epoch's test loss is also reported in bits per token
 * @param outDir                  the results folder
 * @param extras                  SGDR, snapshot ensemble, hypergradient and per-iteration learning rates
 */
public record RunResult(String command, String dataset, String model, String optimizer, boolean alrao,
                        double lrMin, double lrMax, double[] classifierLearningRates, long seed,
                        TrainingHistory history, double[] posterior, Map<String, double[]> unitRates,
                        boolean bitsReported, Path outDir, RunExtras extras) {

    /** A run without SGDR, snapshots, hypergradients or per-iteration records ({@link RunExtras#NONE}). */
    public RunResult(String command, String dataset, String model, String optimizer, boolean alrao, double lrMin,
                     double lrMax, double[] classifierLearningRates, long seed, TrainingHistory history,
                     double[] posterior, Map<String, double[]> unitRates, boolean bitsReported, Path outDir) {
        this(command, dataset, model, optimizer, alrao, lrMin, lrMax, classifierLearningRates, seed, history,
                posterior, unitRates, bitsReported, outDir, RunExtras.NONE);
    }

    /** @return this result with {@code newExtras} */
    public RunResult withExtras(RunExtras newExtras) {
        return new RunResult(command, dataset, model, optimizer, alrao, lrMin, lrMax, classifierLearningRates, seed,
                history, posterior, unitRates, bitsReported, outDir, newExtras);
    }

    /** @return the number of classifiers */
    public int classifiers() {
        return classifierLearningRates.length;
    }

    /** @return the selected epoch's metrics */
    public EpochMetrics best() {
        return history.best();
    }
}
