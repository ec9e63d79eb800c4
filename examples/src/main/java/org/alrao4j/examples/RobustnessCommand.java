package org.alrao4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.alrao4j.examples.data.DataException;
import org.alrao4j.examples.robustness.Arm;
import org.alrao4j.examples.robustness.ArmRun;
import org.alrao4j.examples.robustness.ArmSummary;
import org.alrao4j.examples.robustness.Arms;
import org.alrao4j.examples.robustness.Findings;
import org.alrao4j.examples.robustness.Machine;
import org.alrao4j.examples.robustness.Report;
import org.alrao4j.examples.robustness.RobustnessPlot;
import org.alrao4j.examples.robustness.RobustnessResult;
import org.alrao4j.examples.train.ResultsWriter;
import org.alrao4j.examples.train.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustness}: the paper's main claim as one command. Trains the same model on the same data for the
 * same epochs with SGD at every rate of a grid, Adam, Alrao-SGD, Alrao-Adam, SGD-HD and SGDR, once per seed,
 * each run through {@link CnnCommand#run}; writes the table ({@code robustness.md}, {@code .csv}) and the plot
 * ({@code robustness.png}) of test accuracy against the SGD learning rate.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learning-rate robustness benchmark (paper Table 1): SGD at each rate of --sgd_lrs, Adam,"
                + " Alrao-SGD, Alrao-Adam, SGD-HD and SGDR, same model, data and epochs, once per seed; test loss and"
                + " accuracy of each run's best-validation epoch, mean ± std over seeds, wall time per run.",
            "Writes OUT/robustness.md, robustness.csv (per arm), robustness-runs.csv (per run), robustness.png and"
                + " each run's cnn results folder OUT/runs/<arm>/seed-<s>. Diverging runs (non-finite loss) are"
                + " recorded as diverged, with the accuracy they reached.",
            "Default: LeNet on the first 10,000 Fashion-MNIST training images (validation and test: 2,000 each),"
                + " 6 epochs, seeds 1,2,3: 36 runs, 23 CPU-minutes (under 30 minutes on 2 cores; docs/results.md).",
            "CIFAR-10 with the paper's protocol (a GPU job): robustness --data_path"
                + " ../shared/datasets/cifar10/cifar10-jpg.zip --model_name VGG19 --max_train 0 --max_eval 0"
                + " --data_augm --early_stopping --epochs 80 --sgdr 10,1 --seeds 1,2,3,4,5", ""})
public final class RobustnessCommand implements Callable<Integer> {

    /** {@code --data_path} value for the Fashion-MNIST subset embedded in the jar. */
    public static final String EMBEDDED = "embedded";

    @Option(names = "--data_path", paramLabel = "PATH", defaultValue = "../shared/datasets/fashion-mnist",
            description = "Any cnn dataset (default: ${DEFAULT-VALUE}, the project's shared copy of the full"
                    + " Fashion-MNIST); '" + EMBEDDED + "' for the 10,000-image subset inside the jar.")
    String dataPath;

    @Option(names = "--model_name", defaultValue = "LeNet", description = "cnn --model_name (default:"
            + " ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--epochs", defaultValue = "6", description = "Epochs of every run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds, one run per arm each"
            + " (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--arms", split = ",", defaultValue = "SGD,Adam,Alrao-SGD,Alrao-Adam,SGD-HD,SGDR",
            description = "Methods to run (default: all, ${DEFAULT-VALUE}); SGD means the whole --sgd_lrs grid.")
    List<String> arms;

    @Option(names = "--max_train", paramLabel = "N", defaultValue = "10000", description = "Training images, the"
            + " first N of the training split (default: ${DEFAULT-VALUE}; 0: all).")
    int maxTrain;

    @Option(names = "--max_eval", paramLabel = "N", defaultValue = "2000", description = "Validation and test"
            + " images, the first N of each (default: ${DEFAULT-VALUE}; 0: all).")
    int maxEval;

    @Option(names = "--batch_size", defaultValue = "32", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--data_augm", description = "Random crop and horizontal flip (cnn --data_augm).")
    boolean dataAugm;

    @Option(names = "--early_stopping", description = "cnn --early_stopping (patience 20 epochs).")
    boolean earlyStopping;

    @Option(names = "--dl4j_layers", description = "cnn --dl4j_layers (DL4J's own layers instead of alrao4j's"
            + " native ones).")
    boolean dl4jLayers;

    @Option(names = "--sgd_lrs", split = ",", defaultValue = "1e-5,1e-4,1e-3,1e-2,1e-1,1,10", description = "The SGD"
            + " learning-rate grid (default: the paper's ${DEFAULT-VALUE}).")
    List<Double> sgdLrs;

    @Option(names = "--adam_lr", defaultValue = "0.001", description = "Adam's rate (default: its ${DEFAULT-VALUE}).")
    double adamLr;

    @Option(names = "--alrao_sgd", paramLabel = "MIN,MAX", defaultValue = "-5,1", description = "log10 of"
            + " Alrao-SGD's interval (default: the paper's ${DEFAULT-VALUE}, i.e. [1e-5, 10]).")
    String alraoSgd;

    @Option(names = "--alrao_adam", paramLabel = "MIN,MAX", defaultValue = "-6,0", description = "log10 of"
            + " Alrao-Adam's interval (default: ${DEFAULT-VALUE}, the paper's appendix [1e-6, 1]).")
    String alraoAdam;

    @Option(names = "--n_last_layers", defaultValue = "10", description = "Alrao's classifiers (default:"
            + " ${DEFAULT-VALUE}).")
    int classifiers;

    @Option(names = "--hd_alpha0", defaultValue = "0.001", description = "SGD-HD's initial rate (default:"
            + " ${DEFAULT-VALUE}, the hypergradient reference's run.sh).")
    double hdAlpha0;

    @Option(names = "--hd_beta", defaultValue = "1e-4", description = "SGD-HD's hypergradient rate (default:"
            + " ${DEFAULT-VALUE}; the reference's run.sh 1e-3 diverges on LeNet, its class default 1e-6 hardly moves"
            + " alpha).")
    double hdBeta;

    @Option(names = "--sgdr_lr", defaultValue = "0.05", description = "SGDR's peak rate (default: ${DEFAULT-VALUE},"
            + " the SGDR reference's).")
    double sgdrLr;

    @Option(names = "--sgdr", paramLabel = "T0,Tmult", defaultValue = "2,2", description = "SGDR's cycles (default:"
            + " ${DEFAULT-VALUE}: cycles end after epochs 2 and 6, matching the default --epochs).")
    String sgdr;

    @Option(names = "--out", paramLabel = "DIR", description = "Benchmark folder (default: a fresh folder under"
            + " ./runs).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream console = System.out;
    private List<String> commandLine = List.of();

    /**
     * Parses {@code args} and runs the benchmark, printing progress to {@code System.out}.
     *
     * @param args the command's arguments (without "robustness")
     * @return the benchmark's results, also written to its folder
     * @throws CommandLine.ParameterException for unknown options or malformed values
     * @throws BadInputException              for unusable option values
     * @throws DataException                  for missing or malformed data
     */
    public static RobustnessResult run(String... args) {
        RobustnessCommand command = new RobustnessCommand();
        new CommandLine(command).parseArgs(args);
        command.commandLine = List.of(args);
        return command.benchmark();
    }

    @Override
    public Integer call() {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        commandLine = all.subList(at + 1, all.size());
        benchmark();
        return 0;
    }

    /** @return the results of the benchmark with the parsed options */
    RobustnessResult benchmark() {
        List<Arm> plan = Arms.plan(methods(), settings());
        validate(plan);
        Path dir = outDir();
        String loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        Map<Arm, List<ArmRun>> runs = new LinkedHashMap<>();
        plan.forEach(a -> runs.put(a, new ArrayList<>()));
        int done = 0;
        for (long seed : seeds) {
            for (Arm arm : plan) {
                ArmRun r = runOne(arm, seed, dir);
                runs.get(arm).add(r);
                console.printf(Locale.ROOT, "robustness [%d/%d] %s seed %d: test accuracy %.4f, test loss %.4f, %.1f s"
                        + "%s%n", ++done, plan.size() * seeds.size(), arm.name(), seed, r.testAccuracy(), r.testLoss(),
                        r.seconds(), r.note().isEmpty() ? "" : " (" + r.note() + ")");
            }
            write(dir, runs, loadBefore, start);
        }
        List<ArmSummary> summaries = write(dir, runs, loadBefore, start);
        Report.table(summaries).forEach(console::println);
        Findings findings = Findings.of(summaries);
        findings.lines().forEach(console::println);
        console.println("results in " + dir.toAbsolutePath());
        return new RobustnessResult(dir, summaries, findings, (System.nanoTime() - start) / 1e9);
    }

    private ArmRun runOne(Arm arm, long seed, Path dir) {
        List<String> args = new ArrayList<>(arm.cnnArgs());
        args.addAll(List.of("--model_name", modelName, "--epochs", Integer.toString(epochs), "--seed",
                Long.toString(seed), "--batch_size", Integer.toString(batchSize), "--max_train",
                Integer.toString(maxTrain), "--max_eval", Integer.toString(maxEval), "--no_progress", "--out",
                dir.resolve("runs").resolve(arm.slug()).resolve("seed-" + seed).toString()));
        if (!EMBEDDED.equalsIgnoreCase(dataPath)) {
            args.addAll(List.of("--data_path", dataPath));
        }
        if (dataAugm) {
            args.add("--data_augm");
        }
        if (earlyStopping) {
            args.add("--early_stopping");
        }
        if (dl4jLayers) {
            args.add("--dl4j_layers");
        }
        long start = System.nanoTime();
        try {
            RunResult result = CnnCommand.run(args.toArray(new String[0]));
            return ArmRun.of(arm, seed, result, (System.nanoTime() - start) / 1e9);
        } catch (BadInputException | DataException e) {
            throw e;
        } catch (CommandLine.ParameterException e) {
            throw new BadInputException(arm.name() + ": cnn " + String.join(" ", args) + " was rejected: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            return ArmRun.failed(arm, seed, e, (System.nanoTime() - start) / 1e9);
        }
    }

    private List<ArmSummary> write(Path dir, Map<Arm, List<ArmRun>> runs, String loadBefore, long start) {
        List<ArmSummary> summaries = runs.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> ArmSummary.of(e.getKey(), e.getValue())).toList();
        double seconds = (System.nanoTime() - start) / 1e9;
        String omp = Machine.ompThreads();
        String machine = String.format(Locale.ROOT, "process CPU time %.1f min; %d cores%s, load average (1, 5, 15"
                + " min) %s before and %s after", Machine.processCpuSeconds() / 60, Machine.cores(),
                omp.isEmpty() ? "" : ", " + omp, loadBefore, Machine.loadAverage());
        Report.Context context = new Report.Context(title(), "java -jar examples/target/alrao4j-examples.jar"
                + " robustness " + String.join(" ", commandLine), Arms.describe(settings()), seeds, machine, seconds);
        try {
            Report.write(dir, context, summaries);
            RobustnessPlot.write(summaries, title(), dir.resolve(RobustnessPlot.FILE));
        } catch (IOException e) {
            throw new BadInputException("cannot write the benchmark's results to --out " + dir + ": " + e.getMessage());
        }
        return summaries;
    }

    private String title() {
        String data = EMBEDDED.equalsIgnoreCase(dataPath) ? "embedded Fashion-MNIST subset"
                : Path.of(dataPath).getFileName().toString();
        return String.format(Locale.ROOT, "%s on %s (train %s, valid/test %s), %d epochs%s, batch %d", modelName, data,
                maxTrain > 0 ? "first " + maxTrain : "all", maxEval > 0 ? "first " + maxEval : "all", epochs,
                earlyStopping ? " (early stopping)" : "", batchSize);
    }

    private Set<String> methods() {
        Set<String> set = new LinkedHashSet<>();
        for (String name : arms) {
            String m = Arms.canonical(name);
            CommonOptions.require(m != null, "--arms " + String.join(",", arms) + ": '" + name.trim() + "' is not a"
                    + " method; pass a comma-separated subset of " + String.join(",", Arms.METHODS));
            set.add(m);
        }
        return set;
    }

    private Arms.Settings settings() {
        return new Arms.Settings(sgdLrs, adamLr, range("--alrao_sgd", alraoSgd), range("--alrao_adam", alraoAdam),
                classifiers, hdAlpha0, hdBeta, sgdrLr, sgdr);
    }

    private void validate(List<Arm> plan) {
        CommonOptions.require(!plan.isEmpty(), "--arms " + String.join(",", arms) + " with --sgd_lrs " + sgdLrs
                + " gives no arm to run; pass at least one method, and rates with SGD");
        CommonOptions.require(!seeds.isEmpty() && seeds.stream().distinct().count() == seeds.size(), "--seeds "
                + seeds + " must be distinct and at least one; e.g. --seeds 1,2,3");
        CommonOptions.require(epochs >= 1, "--epochs must be >= 1, got " + epochs);
        CommonOptions.require(maxTrain >= 0 && maxEval >= 0, "--max_train " + maxTrain + " and --max_eval " + maxEval
                + " must be >= 0 (0: all)");
        for (double lr : sgdLrs) {
            CommonOptions.require(lr > 0 && Double.isFinite(lr), "--sgd_lrs " + sgdLrs + " has " + lr
                    + "; every rate must be finite and > 0, e.g. --sgd_lrs 1e-3,1e-2,1e-1");
        }
        CommonOptions.require(EMBEDDED.equalsIgnoreCase(dataPath) || Files.exists(Path.of(dataPath)), "--data_path "
                + dataPath + " does not exist; pass the Fashion-MNIST IDX folder or a CIFAR-10 folder/zip, or '"
                + EMBEDDED + "' for the subset inside the jar");
    }

    private static double[] range(String option, String value) {
        String[] parts = value.split(",", -1);
        String rule = option + " " + value + " is malformed: pass MIN,MAX as log10 rates with MIN <= MAX, e.g. "
                + option + " -5,1 for [1e-5, 10]";
        CommonOptions.require(parts.length == 2, rule);
        try {
            double lo = Double.parseDouble(parts[0].trim());
            double hi = Double.parseDouble(parts[1].trim());
            CommonOptions.require(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi, rule);
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new BadInputException(rule);
        }
    }

    private Path outDir() {
        try {
            return ResultsWriter.prepare(out, "robustness");
        } catch (IOException e) {
            throw new BadInputException("cannot create the benchmark folder --out " + out + ": " + e.getMessage());
        }
    }
}
