package org.alrao4j.examples;

import java.nio.file.Path;

import org.alrao4j.core.BaseOptimizer;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code cnn} and {@code rnn}, with the reference's names ({@code main_cnn.py},
 * {@code main_rnn.py}) plus {@code --seed}, {@code --out}, {@code --max_train}, {@code --max_eval} and
 * {@code --no_progress}.
 */
public final class CommonOptions {

    @Option(names = "--epochs", defaultValue = "50", description = "Number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--early_stopping", description = "Stop when the validation loss has not improved for more"
            + " than 20 epochs (the reference's EarlyStopping('min', patience=20), relative threshold 1e-4).")
    boolean earlyStopping;

    @Option(names = "--data_path", paramLabel = "PATH", description = "Dataset folder or file (default: the"
            + " embedded dataset). The formats each command reads are listed above.")
    Path dataPath;

    @Option(names = "--optimizer", defaultValue = "SGD", description = "SGD, Adam, SGD-HD, SGDN-HD or Adam-HD"
            + " (default: ${DEFAULT-VALUE}): the base optimizer of Alrao (SGD or Adam), or the baseline's optimizer"
            + " with --lr. The -HD variants (baseline only) learn one global learning rate alpha by hypergradient"
            + " descent (Baydin et al. 2018) from alpha0 = --lr; alpha is recorded in iterations.csv and alpha.png.")
    String optimizer;

    @Option(names = "--hypergrad_lr", paramLabel = "BETA", description = "Hypergradient learning rate beta of the"
            + " -HD optimizers (default: the reference's 1e-6 for SGD-HD and SGDN-HD, 1e-8 for Adam-HD).")
    Double hypergradLr;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum (default: ${DEFAULT-VALUE}). Only 0"
            + " is supported with --use_alrao; the SGD/Adam baseline ignores it, as the reference does; SGDN-HD"
            + " uses it as its Nesterov momentum (0: the reference's 0.9).")
    double momentum;

    @Option(names = "--weight_decay", defaultValue = "0", description = "L2 penalty added to the gradient of every"
            + " weight, as PyTorch's weight_decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--use_alrao", description = "Train with Alrao: random per-unit learning rates in the body and"
            + " --n_last_layers classifiers mixed by the Switch. Without it: one classifier and plain SGD/Adam(--lr).")
    boolean useAlrao;

    @Option(names = "--no-cuda", description = "Accepted for compatibility; the backend is chosen by the classpath"
            + " (this build runs on the CPU).")
    boolean noCuda;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the rate sampling, initialisation,"
            + " shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default: a fresh folder under"
            + " ./runs) for results.json, epochs.csv and PNG plots.")
    Path out;

    @Option(names = "--max_train", paramLabel = "N", defaultValue = "0", description = "Use at most N training"
            + " examples (tokens for rnn), for quick runs (default: all).")
    int maxTrain;

    @Option(names = "--max_eval", paramLabel = "N", defaultValue = "0", description = "Use at most N validation and"
            + " N test examples (tokens for rnn), for quick runs (default: all).")
    int maxEval;

    @Option(names = "--no_progress", description = "Do not draw progress bars (summary lines are still printed).")
    boolean noProgress;

    /** @return the {@code --optimizer} choice, or a {@link BadInputException} naming the accepted values */
    OptimizerChoice optimizerChoice() {
        return OptimizerChoice.parse(optimizer);
    }

    /** @return the plain optimizer (SGD or Adam) underneath {@code --optimizer} */
    BaseOptimizer baseOptimizer() {
        return optimizerChoice().base();
    }

    /** @return the optimizer's display name, e.g. "SGD", "Adam-HD" */
    String optimizerName() {
        return optimizerChoice().displayName();
    }

    /** @return {@code --hypergrad_lr}, or the reference's default of the -HD optimizer (NaN for SGD, Adam) */
    double hypergradLr() {
        return hypergradLr != null ? hypergradLr : optimizerChoice().defaultHypergradLr();
    }

    /** Checks the values every subcommand relies on. */
    void validate() {
        OptimizerChoice choice = optimizerChoice();
        require(!(choice.hypergradient() && useAlrao), "--optimizer " + optimizer + " is not supported with"
                + " --use_alrao: hypergradient descent learns the baseline's single learning rate, while Alrao samples"
                + " one per unit; pass --optimizer SGD or Adam with --use_alrao, or drop --use_alrao");
        require(hypergradLr == null || choice.hypergradient(), "--hypergrad_lr " + hypergradLr + " needs a"
                + " hypergradient optimizer, got --optimizer " + optimizer + "; pass --optimizer SGD-HD, SGDN-HD or"
                + " Adam-HD, or drop --hypergrad_lr");
        require(hypergradLr == null || hypergradLr >= 0 && Double.isFinite(hypergradLr), "--hypergrad_lr must be"
                + " finite and >= 0, got " + hypergradLr + "; e.g. --hypergrad_lr 1e-6 (SGD-HD) or 1e-8 (Adam-HD)");
        require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), got " + momentum);
        require(momentum == 0 || !useAlrao, "--momentum " + momentum + " is not supported with --use_alrao (Alrao's"
                + " per-unit SGD has no momentum here); pass --momentum 0");
        require(weightDecay >= 0, "--weight_decay must be >= 0, got " + weightDecay);
        require(maxTrain >= 0 && maxEval >= 0, "--max_train and --max_eval must be >= 0");
        require(dataPathExists(), "--data_path " + dataPath + " does not exist; pass an existing folder or"
                + " file, or leave it out to use the embedded dataset");
    }

    private boolean dataPathExists() {
        return dataPath == null || java.nio.file.Files.exists(dataPath);
    }

    /** Throws a {@link BadInputException} with {@code message} unless {@code ok}. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
