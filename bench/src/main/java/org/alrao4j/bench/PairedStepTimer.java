package org.alrao4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.alrao4j.core.UnitLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Supplement to the JMH benchmark for a shared, busy machine: times the two arms of
 * {@link UpdaterStepBenchmark} (built-in, Alrao) in one JVM, <em>interleaved</em>: round after round, one block of steps per arm, so every arm sees
 * the same background load, and reports per arm the fastest block (minimum over rounds; other processes can
 * only add time) and the median block. Same arrays, rates, layouts and in-place discipline as the JMH
 * benchmarks (each arm has its own gradient, restored before each block, outside the timing).
 *
 * <pre>
 *   ND4J_SKIP_BLAS_THREADS=1 OPENBLAS_NUM_THREADS=1 java -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2 \
 *       -cp bench/target/bench.jar org.alrao4j.bench.PairedStepTimer [rounds, default 15]
 * </pre>
 */
public final class PairedStepTimer {

    private static final String[] ARMS = {"builtin", "alrao"};
    /** Rounds discarded as JIT / allocator warm-up. */
    private static final int WARMUP_ROUNDS = 2;
    /** Target length of one timed block. */
    private static final double BLOCK_NANOS = 100e6;

    private PairedStepTimer() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        System.out.println("ND4J threads " + Nd4j.getEnvironment().maxMasterThreads() + ", " + rounds
                + " rounds of one ~" + (long) (BLOCK_NANOS / 1e6) + " ms block per arm (first " + WARMUP_ROUNDS
                + " discarded)");
        System.out.println("| layout | size | optimizer | built-in us/op min (median) | Alrao us/op min (median)"
                + " | ratio of min |");
        System.out.println("|---|---|---|---:|---:|---:|");
        for (String layout : new String[] {"dense", "conv"}) {
            for (String size : new String[] {"1M", "10M"}) {
                for (String optimizer : new String[] {"sgd", "adam"}) {
                    run(layout, size, optimizer, rounds);
                }
            }
        }
    }

    private static void run(String layout, String size, String optimizer, int rounds) {
        UnitLayout unitLayout = UpdaterStepBenchmark.layoutFor(layout, size);
        long n = unitLayout.length();
        Nd4j.getRandom().setSeed(7);
        INDArray pristine = Nd4j.randn(DataType.FLOAT, n);
        IUpdater builtinConfig = "sgd".equals(optimizer) ? new Sgd(UpdaterStepBenchmark.BUILTIN_LR)
                : new Adam(UpdaterStepBenchmark.BUILTIN_LR);
        GradientUpdater<?>[] updaters = {
            UpdaterStepBenchmark.instantiate(builtinConfig, n),
            UpdaterStepBenchmark.instantiate(UpdaterStepBenchmark.alraoConfig(unitLayout, optimizer), n)};
        INDArray[] gradients = new INDArray[ARMS.length];
        int[] reps = new int[ARMS.length];
        for (int k = 0; k < ARMS.length; k++) {
            gradients[k] = pristine.dup();
            long t0 = System.nanoTime();
            updaters[k].applyUpdater(gradients[k], UpdaterStepBenchmark.ITERATION, 0);
            reps[k] = (int) Math.max(3, Math.min(2000, BLOCK_NANOS / Math.max(1, System.nanoTime() - t0)));
        }
        List<List<Double>> perCall = new ArrayList<>();
        for (int k = 0; k < ARMS.length; k++) {
            perCall.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds + WARMUP_ROUNDS; round++) {
            for (int k = 0; k < ARMS.length; k++) {
                gradients[k].assign(pristine);
                long t0 = System.nanoTime();
                for (int i = 0; i < reps[k]; i++) {
                    updaters[k].applyUpdater(gradients[k], UpdaterStepBenchmark.ITERATION, 0);
                }
                double us = (System.nanoTime() - t0) / 1e3 / reps[k];
                if (round >= WARMUP_ROUNDS) {
                    perCall.get(k).add(us);
                }
            }
        }
        for (int k = 0; k < ARMS.length; k++) {
            UpdaterStepBenchmark.checkNormal(ARMS[k] + " gradient", gradients[k]);
        }
        double[] min = new double[ARMS.length];
        double[] median = new double[ARMS.length];
        for (int k = 0; k < ARMS.length; k++) {
            double[] v = perCall.get(k).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            min[k] = v[0];
            median[k] = v[v.length / 2];
        }
        System.out.printf("| %s | %s | %s | %.0f (%.0f) | %.0f (%.0f) | %.2f |%n", layout, size, optimizer, min[0],
                median[0], min[1], median[1], min[1] / min[0]);
    }
}
