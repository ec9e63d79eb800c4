package org.alrao4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.alrao4j.dl4j.CpuFastPath;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseTransformSameOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where LeNet's convolution and pooling time goes (batch 64, float): the libnd4j operations DL4J's
 * convolution and pooling layers run on LeNet's shapes and the ones {@code NativeConvolution} runs instead,
 * interleaved round by round in one JVM; the estimate is the mean of the fastest third of the rounds (other
 * processes only ever add time). The whole training step: {@code FrameworkStepTimer ... lenet lenet-native}.
 *
 * <pre>
 *   java -cp bench/target/bench.jar org.alrao4j.bench.ConvOpTimer [ROUNDS [REPS]]
 * </pre>
 */
public final class ConvOpTimer {

    private ConvOpTimer() {
    }

    /** libnd4j's legacy pairwise multiply (NativeConvolution's {@code LstmOps.mul}). */
    private static final class LegacyMultiply extends BaseTransformSameOp {
        LegacyMultiply(INDArray x, INDArray y, INDArray z) {
            super(x, y, z);
        }

        @Override
        public int opNum() {
            return 3;
        }

        @Override
        public String opName() {
            return "legacy_multiply";
        }

        @Override
        public List<SDVariable> doDiff(List<SDVariable> f1) {
            throw new UnsupportedOperationException("arrays only");
        }
    }

    private static void op(String name, INDArray[] in, INDArray[] out, int... iArgs) {
        Nd4j.exec(DynamicCustomOp.builder(name).addInputs(in).addOutputs(out).addIntegerArguments(iArgs).build());
    }

    private static INDArray[] a(INDArray... x) {
        return x;
    }

    public static void main(String[] args) {
        CpuFastPath.enable();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        DataType f = DataType.FLOAT;
        int b = 64;
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(f, b, 1, 28, 28);
        INDArray w1 = Nd4j.rand(f, 20, 1, 5, 5).subi(0.5);
        INDArray b1 = Nd4j.rand(f, 20);
        INDArray z1 = Nd4j.create(f, b, 20, 24, 24);
        INDArray d1 = Nd4j.rand(f, b, 20, 24, 24).subi(0.5);
        INDArray e1 = Nd4j.create(f, b, 20, 24, 24);
        INDArray gw1 = Nd4j.create(f, 20, 1, 5, 5);
        INDArray gb1 = Nd4j.create(f, 20);
        int[] conv = {5, 5, 1, 1, 0, 0, 1, 1, 0, 0, 1};
        int[] pool = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};
        Map<String, Runnable> c = new LinkedHashMap<>();
        c.put("conv1 conv2d (oneDNN)", () -> op("conv2d", a(x, w1, b1), a(z1), conv));
        c.put("conv1 conv2d_bp (input, weight, bias gradients)",
                () -> op("conv2d_bp", a(x, w1, b1, d1), a(Nd4j.create(f, b, 1, 28, 28), gw1, gb1), conv));
        c.put("conv1 weight gradient as conv2d([1,64,28,28], delta^T)", () -> op("conv2d",
                a(x.permute(1, 0, 2, 3), d1.permute(1, 0, 2, 3)), a(gw1.reshape(1, 20, 5, 5)),
                24, 24, 1, 1, 0, 0, 1, 1, 0, 0, 1));
        c.put("conv1 im2col [64,1,5,5,24,24]", () -> Nd4j.exec(DynamicCustomOp.builder("im2col").addInputs(x)
                .addOutputs(Nd4j.create(f, b, 1, 5, 5, 24, 24)).addIntegerArguments(5, 5, 1, 1, 0, 0, 1, 1, 0)
                .addFloatingPointArguments(0.0).build()));
        c.put("conv1 bias gradient: reduce_sum(0,2,3)", () -> d1.sum(gb1, 0, 2, 3));
        INDArray ones = Nd4j.ones(f, 576, 1);
        INDArray rows = Nd4j.create(f, b * 20L, 1);
        c.put("conv1 bias gradient: gemv with ones + sum(0)", () -> {
            Nd4j.gemm(d1.reshape(b * 20L, 576), ones, rows, false, false, 1.0, 0.0);
            rows.reshape(b, 20).sum(gb1, 0);
        });
        c.put("conv1 relu_bp (DL4J's ReLU derivative)", () -> Nd4j.exec(DynamicCustomOp.builder("relu_bp")
                .addInputs(z1, d1).addOutputs(e1).addFloatingPointArguments(0.0).build()));
        INDArray mask = Nd4j.create(f, b, 20, 24, 24);
        c.put("conv1 step(a) mask (NativeConvolution forward)", () -> Nd4j.exec(new Step(z1, mask, 0.0)));
        c.put("conv1 mask * eps (NativeConvolution backward)", () -> Nd4j.getExecutioner().exec(
                new LegacyMultiply(mask, d1, e1)));
        c.put("conv1 output copy (DL4J's pre-activation cache)", () -> e1.assign(z1));
        INDArray p1 = Nd4j.create(f, b, 20, 12, 12);
        c.put("pool1 maxpool2d", () -> op("maxpool2d", a(z1), a(p1), pool));
        c.put("pool1 maxpool2d_bp", () -> op("maxpool2d_bp", a(z1, Nd4j.rand(f, b, 20, 12, 12)), a(e1), pool));
        INDArray w2 = Nd4j.rand(f, 50, 20, 5, 5).subi(0.5);
        INDArray b2 = Nd4j.rand(f, 50);
        INDArray z2 = Nd4j.create(f, b, 50, 8, 8);
        c.put("conv2 conv2d", () -> op("conv2d", a(p1, w2, b2), a(z2), conv));
        c.put("conv2 conv2d_bp", () -> op("conv2d_bp", a(p1, w2, b2, Nd4j.rand(f, b, 50, 8, 8)),
                a(Nd4j.create(f, b, 20, 12, 12), Nd4j.create(f, 50, 20, 5, 5), Nd4j.create(f, 50)), conv));
        c.put("pool2 maxpool2d + maxpool2d_bp", () -> {
            op("maxpool2d", a(z2), a(Nd4j.create(f, b, 50, 4, 4)), pool);
            op("maxpool2d_bp", a(z2, Nd4j.rand(f, b, 50, 4, 4)), a(Nd4j.create(f, b, 50, 8, 8)), pool);
        });
        Map<String, List<Double>> times = new LinkedHashMap<>();
        c.keySet().forEach(k -> times.put(k, new ArrayList<>()));
        for (int r = 0; r <= rounds; r++) {
            for (Map.Entry<String, Runnable> e : c.entrySet()) {
                long t0 = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    e.getValue().run();
                }
                if (r > 0) {
                    times.get(e.getKey()).add((System.nanoTime() - t0) / 1e3 / reps);
                }
            }
        }
        times.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-58s %7.0f us%n", k,
                FrameworkStepTimer.fastestThird(v.stream().mapToDouble(Double::doubleValue).toArray())));
    }
}
