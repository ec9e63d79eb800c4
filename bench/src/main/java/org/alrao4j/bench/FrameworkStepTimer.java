package org.alrao4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.dl4j.layers.NativeLayers;
import org.alrao4j.zoo.Models;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's half of the DL4J-vs-PyTorch comparison ({@code bench/compare_frameworks.py} runs this and
 * {@code bench/torch_twin.py} alternately): times {@code fit} on one fixed batch of the plain networks that
 * {@code torch_twin.py} defines identically, and writes {@code OUT/dl4j-steps.json}.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.alrao4j.bench.FrameworkStepTimer OUT [ROUNDS [NETWORK ...]]
 * </pre>
 *
 * Networks: {@code mlp} (784-500-500-10, batch 64), {@code lenet} (28x28x1, batch 64), {@code vggish} (32x32x3,
 * batch 32), {@code charlstm} (embedding 100 + 2 x DL4J LSTM 100 + softmax over 65 characters, dropout 0.2,
 * batch 20 x 35 steps, the {@code rnn} example's model with {@code --dl4j_lstm}), {@code charlstm-native} (the
 * same with NativeLstm layers, the {@code rnn} example's default). The other {@code -native} networks are the
 * same networks converted with {@link NativeLayers#convert} (compared with the same PyTorch twin). All with plain
 * SGD, lr 0.01.
 */
public final class FrameworkStepTimer {

    /** One network of the comparison: its configuration and a fixed batch of the right shape. */
    record Network(String name, int batch, int iterations, Supplier<ComputationGraphConfiguration> conf,
                   Supplier<DataSet> data) {
    }

    static final int VOCABULARY = 65;
    static final int BPTT = 35;
    /** Training time before the timed rounds ({@code -Dbench.warmUpSeconds}, default 10). */
    static final double WARM_UP_SECONDS = Double.parseDouble(System.getProperty("bench.warmUpSeconds", "10"));

    private FrameworkStepTimer() {
    }

    public static void main(String[] args) throws IOException {
        CpuFastPath.Report fastPath = CpuFastPath.enable();
        Path out = Path.of(args.length > 0 ? args[0] : "bench-results");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        List<String> names = args.length > 2 ? List.of(Arrays.copyOfRange(args, 2, args.length))
                : List.copyOf(networks().keySet());
        Files.createDirectories(out);
        Map<String, double[]> results = new LinkedHashMap<>();
        for (String name : names) {
            Network n = networks().get(name);
            if (n == null) {
                throw new IllegalArgumentException("network " + name + " is unknown; pass one of "
                        + networks().keySet());
            }
            double[] ms = time(n, rounds);
            results.put(name, ms);
            System.out.printf(Locale.ROOT, "dl4j %-9s batch %3d: %.2f ms/iteration (fastest third of %d rounds)%n",
                    name, n.batch(), fastestThird(ms), rounds);
        }
        Files.writeString(out.resolve("dl4j-steps.json"), json(results, fastPath));
    }

    static Map<String, Network> networks() {
        Sgd sgd = new Sgd(0.01);
        Map<String, Network> m = new LinkedHashMap<>();
        m.put("mlp", new Network("mlp", 64, 40, () -> TrainingStepBenchmark.mlp(sgd),
                () -> images(64, new long[] {784}, 10)));
        m.put("mlp-native", new Network("mlp-native", 64, 40,
                () -> NativeLayers.convert(TrainingStepBenchmark.mlp(sgd)), () -> images(64, new long[] {784}, 10)));
        m.put("lenet", new Network("lenet", 64, 20,
                () -> Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1),
                () -> images(64, new long[] {1, 28, 28}, 10)));
        m.put("lenet-native", new Network("lenet-native", 64, 20,
                () -> NativeLayers.convert(Models.lenet(InputType.convolutional(28, 28, 1), 10, sgd, 1)),
                () -> images(64, new long[] {1, 28, 28}, 10)));
        m.put("vggish", new Network("vggish", 32, 10, () -> TrainingStepBenchmark.vggish(sgd),
                () -> images(32, new long[] {3, 32, 32}, 10)));
        m.put("vggish-native", new Network("vggish-native", 32, 10,
                () -> NativeLayers.convert(TrainingStepBenchmark.vggish(sgd)),
                () -> images(32, new long[] {3, 32, 32}, 10)));
        m.put("charlstm", new Network("charlstm", 20, 10,
                () -> Models.languageModel(VOCABULARY, 100, 100, 2, 0.2, sgd, 1, false), FrameworkStepTimer::characters));
        m.put("charlstm-native", new Network("charlstm-native", 20, 10,
                () -> Models.languageModel(VOCABULARY, 100, 100, 2, 0.2, sgd, 1, true), FrameworkStepTimer::characters));
        return m;
    }

    /** @return ms per iteration of each round, after {@link #WARM_UP_SECONDS} of training */
    static double[] time(Network n, int rounds) {
        ComputationGraph net = new ComputationGraph(n.conf().get());
        net.init();
        DataSet batch = n.data().get();
        // the JIT compiles DL4J's and ND4J's Java code for several seconds; a compiler thread competing with
        // libnd4j's two OpenMP threads stalls whole ops, so time the steady state a long training run sees
        long warmUpEnd = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
        do {
            fit(net, batch, n.iterations());
        } while (System.nanoTime() < warmUpEnd);
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ms[r] = fit(net, batch, n.iterations());
        }
        return ms;
    }

    private static double fit(ComputationGraph net, DataSet batch, int iterations) {
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(batch);
        }
        return (System.nanoTime() - start) / 1e6 / iterations;
    }

    /** Uniform random features of {@code [batch, featureShape...]} and labels cycling through the classes. */
    static DataSet images(int batch, long[] featureShape, int classes) {
        Nd4j.getRandom().setSeed(7);
        long[] shape = new long[featureShape.length + 1];
        shape[0] = batch;
        System.arraycopy(featureShape, 0, shape, 1, featureShape.length);
        INDArray labels = Nd4j.zeros(batch, classes);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % classes, 1);
        }
        return new DataSet(Nd4j.rand(shape), labels);
    }

    /** Token indices {@code [20, 1, 35]} and one-hot next tokens {@code [20, 65, 35]}. */
    private static DataSet characters() {
        int batch = 20;
        INDArray tokens = Nd4j.zeros(batch, 1, BPTT);
        INDArray labels = Nd4j.zeros(batch, VOCABULARY, BPTT);
        java.util.Random random = new java.util.Random(7);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < BPTT; t++) {
                tokens.putScalar(new long[] {b, 0, t}, random.nextInt(VOCABULARY));
                labels.putScalar(new long[] {b, random.nextInt(VOCABULARY), t}, 1);
            }
        }
        return new DataSet(tokens, labels);
    }

    /** Other processes only ever add time: the mean of the fastest third of the rounds. */
    static double fastestThird(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int k = Math.max(1, s.length / 3);
        return Arrays.stream(s, 0, k).average().orElse(Double.NaN);
    }

    private static String json(Map<String, double[]> results, CpuFastPath.Report fastPath) {
        List<String> rows = new ArrayList<>();
        results.forEach((name, ms) -> rows.add(String.format(Locale.ROOT,
                "    \"%s\": {\"batch\": %d, \"msPerIteration\": %.3f, \"rounds\": %s}", name,
                networks().get(name).batch(), fastestThird(ms), Arrays.toString(ms))));
        return "{\n  \"framework\": \"DL4J 1.0.0-M2.1\",\n  \"setup\": \"" + fastPath + "\",\n  \"networks\": {\n"
                + String.join(",\n", rows) + "\n  }\n}\n";
    }
}
