package org.alrao4j.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alrao4j.core.AlraoSettings;
import org.alrao4j.core.AlraoUpdater;
import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.UnitLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One updater step ({@code GradientUpdater.applyUpdater}) of Alrao against ND4J's built-in updater of the
 * same base optimizer, on one layer's flat float32 gradient of about 1M or 10M parameters.
 *
 * <p>Layouts, as DL4J flattens them (see {@link UnitLayout}):
 * <ul>
 *   <li>{@code dense}: W {@code [nIn, nOut]} in F order, then the bias: segments {@code (0,nOut,nIn,1)},
 *       {@code (0,nOut,1,1)}; 1M = 1000 x 1000 (+1000), 10M = 3162 x 3162 (+3162).</li>
 *   <li>{@code conv}: the bias, then W {@code [nOut, nIn, 3, 3]} in C order: segments {@code (0,nOut,1,1)},
 *       {@code (0,nOut,nIn*9,1)}; 1M = nOut 128, nIn 868; 10M = nOut 256, nIn 4340.</li>
 * </ul>
 *
 * <p>Both arms get the same gradient array and apply the update to it in place, exactly as DL4J does. Since
 * the output is fed back as the next call's input, the numbers must not drift into denormals (which slow
 * floating-point arithmetic down by orders of magnitude) or overflow:
 * <ul>
 *   <li>SGD: the built-in {@code Sgd(1.0)} is exact; Alrao's unit rates are log-uniform on
 *       {@code [0.9999, 1.0001]} (distinct per unit, so the per-unit broadcast is real work), and the gradient
 *       is restored from a pristine copy before every measurement/warm-up iteration (outside the timed
 *       region), so an element changes by at most {@code 1.0001^{+-calls per iteration}} (below e^10 even at
 *       10 us/op).</li>
 *   <li>Adam: the step {@code ~ m / sqrt(v)} is scale-free, so values stay of order {@code lr = 1}.</li>
 * </ul>
 * After every iteration the gradient (and Adam's moments) are checked to be finite and free of denormals;
 * the run fails otherwise. Adam's bias-correction iteration is held at a constant, which changes two scalars
 * only, not the per-element work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2", "-Xms1g", "-Xmx1g",
        "-Dorg.bytedeco.javacpp.maxbytes=4g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UpdaterStepBenchmark {

    /** Rates this close to 1 keep repeated in-place SGD steps within normal floats (see the class doc). */
    static final double ALRAO_LR_MIN = 0.9999;
    static final double ALRAO_LR_MAX = 1.0001;
    /** Learning rate of the built-in updaters: 1 keeps the in-place SGD step exact. */
    static final double BUILTIN_LR = 1.0;
    /** Constant iteration passed to {@code applyUpdater} (Adam's bias correction only). */
    static final int ITERATION = 10;

    @Param({"dense", "conv"})
    public String layout;

    @Param({"1M", "10M"})
    public String size;

    @Param({"sgd", "adam"})
    public String optimizer;

    private INDArray gradient;
    private INDArray pristine;
    private GradientUpdater<?> alrao;
    private GradientUpdater<?> builtin;

    /** The flat layout of one layer of the given kind and size, as DL4J lays out its gradient. */
    static UnitLayout layoutFor(String layout, String size) {
        boolean big = "10M".equals(size);
        switch (layout) {
            case "dense": {
                long n = big ? 3162 : 1000; // nIn = nOut = n
                return UnitLayout.builder().segment(0, n, n, 1).segment(0, n, 1, 1).build();
            }
            case "conv": {
                long nOut = big ? 256 : 128;
                long nIn = big ? 4340 : 868;
                return UnitLayout.builder().segment(0, nOut, 1, 1).segment(0, nOut, nIn * 3 * 3, 1).build();
            }
            default:
                throw new IllegalArgumentException("layout must be dense or conv, got " + layout);
        }
    }

    static BaseOptimizer baseOptimizer(String optimizer) {
        switch (optimizer) {
            case "sgd":
                return BaseOptimizer.SGD;
            case "adam":
                return BaseOptimizer.ADAM;
            default:
                throw new IllegalArgumentException("optimizer must be sgd or adam, got " + optimizer);
        }
    }

    /** The Alrao configuration of the benchmarked layer. */
    static AlraoUpdater alraoConfig(UnitLayout unitLayout, String optimizer) {
        AlraoSettings settings = AlraoSettings.builder().lrMin(ALRAO_LR_MIN).lrMax(ALRAO_LR_MAX)
                .optimizer(baseOptimizer(optimizer)).seed(42).build();
        double[] rates = settings.sampleUnitRates("bench", unitLayout.numUnits());
        return settings.updaterFor(rates, unitLayout, "bench");
    }

    /** Instantiates an updater with a fresh, zeroed state view of {@code stateSize(n)}, as DL4J does. */
    static GradientUpdater<?> instantiate(IUpdater config, long n) {
        long stateSize = config.stateSize(n);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        return config.instantiate(state, true);
    }

    @Setup(Level.Trial)
    public void setUp() {
        UnitLayout unitLayout = layoutFor(layout, size);
        long n = unitLayout.length();
        Nd4j.getRandom().setSeed(7);
        pristine = Nd4j.randn(DataType.FLOAT, n);
        gradient = pristine.dup();
        alrao = instantiate(alraoConfig(unitLayout, optimizer), n);
        IUpdater builtinConfig = "sgd".equals(optimizer) ? new Sgd(BUILTIN_LR) : new Adam(BUILTIN_LR);
        builtin = instantiate(builtinConfig, n);
        System.out.println("# " + layout + "/" + size + "/" + optimizer + ": " + n + " parameters, "
                + unitLayout + ", ND4J threads " + Nd4j.getEnvironment().maxMasterThreads()
                + ", backend " + Nd4j.getBackend().getClass().getSimpleName());
    }

    /** Restores the gradient outside the timed region (see the class doc). */
    @Setup(Level.Iteration)
    public void restoreGradient() {
        gradient.assign(pristine);
    }

    @TearDown(Level.Iteration)
    public void checkNormalFloats() {
        checkNormal("gradient", gradient);
        for (GradientUpdater<?> u : new GradientUpdater<?>[] {alrao, builtin}) {
            for (Map.Entry<String, INDArray> e : u.getState().entrySet()) {
                checkNormal(u.getClass().getSimpleName() + " state " + e.getKey(), e.getValue());
            }
        }
    }

    /** Fails on NaN, infinities and nonzero denormals (which would distort the timing). */
    static void checkNormal(String what, INDArray a) {
        double maxAbs = a.amaxNumber().doubleValue();
        if (!Double.isFinite(maxAbs)) {
            throw new IllegalStateException(what + " is not finite (max |x| = " + maxAbs + ")");
        }
        // smallest nonzero magnitude: zeros (e.g. untouched Adam moments) are normal for timing purposes
        INDArray abs = org.nd4j.linalg.ops.transforms.Transforms.abs(a, true);
        long denormals = abs.gt(0).castTo(DataType.INT32).mul(abs.lt(Float.MIN_NORMAL).castTo(DataType.INT32))
                .sumNumber().longValue();
        if (denormals > 0) {
            throw new IllegalStateException(what + " has " + denormals + " denormal elements");
        }
    }

    /** One Alrao step: the built-in base step (Adam only) plus the per-unit rate broadcast. */
    @Benchmark
    public INDArray alrao() {
        alrao.applyUpdater(gradient, ITERATION, 0);
        return gradient;
    }

    /** One step of ND4J's own {@code Sgd} / {@code Adam}. */
    @Benchmark
    public INDArray builtin() {
        builtin.applyUpdater(gradient, ITERATION, 0);
        return gradient;
    }
}
