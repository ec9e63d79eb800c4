package org.alrao4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.dl4j.AlraoInstaller;
import org.alrao4j.dl4j.AlraoNetworks;
import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.dl4j.layers.NativeLayers;
import org.alrao4j.zoo.Models;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Times one training step ({@code fit} on a fixed batch) of the plain network with {@code Sgd}, of the same network
 * with per-unit Alrao updaters on the body only, and converted to Alrao with 10 classifiers, interleaved round by
 * round, after 10 s of warm-up ({@code -Dbench.warmUpSeconds}), and writes the estimates to
 * {@code OUT/training-step[-SET].json} and {@code .md}.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.alrao4j.bench.TrainingStepBenchmark [OUT [ROUNDS [ITERS [SET]]]]
 * </pre>
 *
 * Case set {@code small} (default): MLP, LeNet (also with the native layers), a VGG-ish CNN. Case set {@code paper}:
 * the paper's CIFAR-10 bodies VGG19, GoogLeNet and MobileNetV2 at 32x32x3, batch 32 (a step takes seconds on 2
 * cores: use few rounds and iterations, e.g. {@code 5 2 paper}); {@code paper-native}: the same converted by
 * {@code NativeLayers}.
 */
public final class TrainingStepBenchmark {

    private record Case(String network, int batch, long[] featureShape, int classes,
                        Supplier<ComputationGraphConfiguration> conf) {
    }

    private record Result(String network, int batch, double plainMs, double bodyMs, double alraoMs,
                          double[] plainRounds, double[] bodyRounds, double[] alraoRounds) {
        double ratio() {
            return alraoMs / plainMs;
        }
    }

    private static final AlraoSettings ALRAO = AlraoSettings.builder().lrMin(1e-5).lrMax(10).build();

    private TrainingStepBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        CpuFastPath.Report fastPath = CpuFastPath.enable();
        Path out = Path.of(args.length > 0 ? args[0] : "bench-results");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String set = args.length > 3 ? args[3] : "small";
        boolean paper = set.startsWith("paper");
        if (!List.of("small", "paper", "paper-native").contains(set)) {
            throw new IllegalArgumentException("case set " + set + " is unknown; pass small, paper or paper-native");
        }
        Files.createDirectories(out);
        List<Result> results = new ArrayList<>();
        for (Case c : paper ? paperCases(set.endsWith("native")) : cases()) {
            results.add(run(c, rounds, iterations));
            System.out.println(row(results.get(results.size() - 1)));
        }
        String name = paper ? "training-step-" + set : "training-step";
        Files.writeString(out.resolve(name + ".md"), markdown(results, fastPath, rounds, iterations));
        Files.writeString(out.resolve(name + ".json"), json(results, fastPath, rounds, iterations));
        System.out.println("results written to " + out.toAbsolutePath());
    }

    private static List<Case> cases() {
        Sgd sgd = new Sgd(0.01);
        return List.of(
                new Case("MLP 784-500-500-10", 64, new long[] {784}, 10, () -> mlp(sgd)),
                new Case("LeNet 28x28x1", 32, new long[] {1, 28, 28}, 10,
                        () -> Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1)),
                new Case("LeNet 28x28x1", 64, new long[] {1, 28, 28}, 10,
                        () -> Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1)),
                new Case("VGG-ish 32x32x3", 32, new long[] {3, 32, 32}, 10, () -> vggish(sgd)),
                new Case("LeNet 28x28x1, native layers", 32, new long[] {1, 28, 28}, 10,
                        () -> NativeLayers.convert(Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1))),
                new Case("LeNet 28x28x1, native layers", 64, new long[] {1, 28, 28}, 10,
                        () -> NativeLayers.convert(Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1))));
    }

    /** The paper's CIFAR-10 networks as {@code Models} builds them, or converted by {@code NativeLayers}. */
    private static List<Case> paperCases(boolean nativeLayers) {
        Sgd sgd = new Sgd(0.01);
        InputType cifar = InputType.convolutional(32, 32, 3);
        long[] shape = {3, 32, 32};
        String suffix = nativeLayers ? ", native layers" : "";
        java.util.function.UnaryOperator<ComputationGraphConfiguration> layers =
                nativeLayers ? NativeLayers::convert : c -> c;
        return List.of(
                new Case("VGG19 32x32x3" + suffix, 32, shape, 10, () -> layers.apply(Models.vgg19(cifar, 10, sgd, 1))),
                new Case("GoogLeNet 32x32x3" + suffix, 32, shape, 10,
                        () -> layers.apply(Models.googLeNet(cifar, 10, 1, sgd, 1))),
                new Case("MobileNetV2 32x32x3" + suffix, 32, shape, 10,
                        () -> layers.apply(Models.mobileNetV2(cifar, 10, 1, sgd, 1))));
    }

    /** The plain network converted as every benchmark here does: Alrao on [1e-5, 10], 10 classifiers. */
    static ComputationGraphConfiguration alrao(ComputationGraphConfiguration plain) {
        return AlraoNetworks.builder().numClassifiers(10).settings(ALRAO).build().convert(plain);
    }

    private static Result run(Case c, int rounds, int iterations) {
        ComputationGraph plain = new ComputationGraph(c.conf().get());
        plain.init();
        ComputationGraph body = new ComputationGraph(AlraoInstaller.of(ALRAO).excluding("output")
                .apply(c.conf().get()));
        body.init();
        ComputationGraph alrao = new ComputationGraph(alrao(c.conf().get()));
        alrao.init();
        DataSet batch = FrameworkStepTimer.images(c.batch(), c.featureShape(), c.classes());
        ComputationGraph[] nets = {plain, body, alrao};
        double[][] ms = new double[3][rounds];
        long warmUpEnd = System.nanoTime() + (long) (FrameworkStepTimer.WARM_UP_SECONDS * 1e9);
        do {
            for (ComputationGraph net : nets) {
                time(net, batch, iterations);
            }
        } while (System.nanoTime() < warmUpEnd);
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < nets.length; v++) {
                ms[v][r] = time(nets[v], batch, iterations);
            }
        }
        return new Result(c.network(), c.batch(), FrameworkStepTimer.fastestThird(ms[0]),
                FrameworkStepTimer.fastestThird(ms[1]), FrameworkStepTimer.fastestThird(ms[2]), ms[0], ms[1], ms[2]);
    }

    private static double time(ComputationGraph net, DataSet batch, int iterations) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(batch);
        }
        return (System.nanoTime() - start) / 1e6 / iterations;
    }

    static ComputationGraphConfiguration mlp(Sgd sgd) {
        return new NeuralNetConfiguration.Builder().seed(1).updater(sgd).graphBuilder().addInputs("input")
                .addLayer("d1", new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build(), "input")
                .addLayer("d2", new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build(), "d1")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nOut(10).build(), "d2")
                .setOutputs("output").setInputTypes(InputType.feedForward(784)).build();
    }

    /** conv3x3x32-BN-ReLU x2, maxpool, conv3x3x64-BN-ReLU x2, maxpool, dense 256, softmax (docs/performance.md). */
    static ComputationGraphConfiguration vggish(Sgd sgd) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(1).updater(sgd)
                .cacheMode(CpuFastPath.CACHE_MODE).convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("input");
        String prev = "input";
        int[] widths = {32, 32, 64, 64};
        for (int i = 0; i < widths.length; i++) {
            // identity: DL4J's default activation is sigmoid, and torch_twin.py's convolutions have none
            g.addLayer("conv" + i, new ConvolutionLayer.Builder(3, 3).nOut(widths[i]).activation(Activation.IDENTITY)
                    .build(), prev)
                    .addLayer("bn" + i, new BatchNormalization.Builder().build(), "conv" + i)
                    .addLayer("relu" + i, new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn" + i);
            prev = "relu" + i;
            if (i % 2 == 1) {
                g.addLayer("pool" + i, new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build(), prev);
                prev = "pool" + i;
            }
        }
        return g.addLayer("dense", new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build(), prev)
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .activation(Activation.SOFTMAX).nOut(10).build(), "dense")
                .setOutputs("output").setInputTypes(InputType.convolutional(32, 32, 3)).build();
    }

    private static String row(Result r) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.2fx | %.2fx |", r.network(), r.batch(),
                r.plainMs(), r.bodyMs(), r.alraoMs(), r.bodyMs() / r.plainMs(), r.ratio());
    }

    private static String markdown(List<Result> results, CpuFastPath.Report fastPath, int rounds, int iterations) {
        StringBuilder sb = new StringBuilder("Training step, plain (Sgd) vs Alrao (10 classifiers), mean of the"
                + " fastest third of " + rounds + " interleaved rounds of " + iterations + " fits; " + fastPath + "\n\n"
                + "| network | batch | plain ms/iter | Alrao body only ms/iter | Alrao ms/iter | body ratio | Alrao ratio |\n"
                + "|---|---|---|---|---|---|---|\n");
        results.forEach(r -> sb.append(row(r)).append('\n'));
        return sb.toString();
    }

    private static String json(List<Result> results, CpuFastPath.Report fastPath, int rounds, int iterations) {
        StringBuilder sb = new StringBuilder("{\n  \"fastPath\": \"" + fastPath + "\",\n  \"rounds\": " + rounds
                + ",\n  \"iterations\": " + iterations + ",\n  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"network\": \"%s\", \"batch\": %d, \"plainMsPerIteration\": %.3f,"
                    + " \"bodyOnlyMsPerIteration\": %.3f, \"alraoMsPerIteration\": %.3f, \"ratio\": %.4f,"
                    + " \"plainRounds\": %s, \"bodyOnlyRounds\": %s, \"alraoRounds\": %s}%s%n",
                    r.network(), r.batch(), r.plainMs(), r.bodyMs(), r.alraoMs(), r.ratio(),
                    Arrays.toString(r.plainRounds()), Arrays.toString(r.bodyRounds()),
                    Arrays.toString(r.alraoRounds()), i < results.size() - 1 ? "," : ""));
        }
        return sb.append("  ]\n}\n").toString();
    }
}
