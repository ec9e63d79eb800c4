package org.alrao4j.dl4j.cpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.alrao4j.core.BroadcastMultiplyProvider;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.OpaqueDataBuffer;

/**
 * The Alrao updaters' rate multiply on ND4J's CPU backend as one prepared libnd4j {@code execBroadcast} call.
 *
 * <p>{@code NativeOpExecutioner.exec(BroadcastOp)} spends about 9 us per call in Java before the kernel starts
 * (profiling hook, data-type validation, two TAD-cache lookups, a constant-buffer lookup, pointer packing): as long
 * as the multiply of a 1M-parameter convolution gradient and more than the whole bias multiply
 * (docs/benchmarks.md). Here the TADs, the dimension buffer and the pointer list are looked up once, when the
 * updater first sees a gradient array, and each step makes only the native call that the executioner would make
 * with the same arguments, so the result is the same bit for bit. When ND4J's op profiler would inspect the op
 * (timing, NaN/Inf panic, workspace checks on an array inside a workspace), or on any other backend, the generic op
 * runs instead, so those checks still see it.
 */
public final class CpuBroadcastMultiply implements BroadcastMultiplyProvider {

    private static final String CPU_BUFFER = "org.nd4j.linalg.cpu.nativecpu.buffer.BaseCpuDataBuffer";
    private static final Class<?> CPU_BUFFER_CLASS;
    private static final MethodHandle OPAQUE_BUFFER;

    static {
        Class<?> type = null;
        MethodHandle handle = null;
        try {
            type = Class.forName(CPU_BUFFER, false, CpuBroadcastMultiply.class.getClassLoader());
            handle = MethodHandles.publicLookup().findVirtual(type, "getOpaqueDataBuffer",
                    MethodType.methodType(OpaqueDataBuffer.class));
        } catch (ReflectiveOperationException | LinkageError notCpuBackend) {
            type = null;
        }
        CPU_BUFFER_CLASS = type;
        OPAQUE_BUFFER = handle;
    }

    /** Used by {@link java.util.ServiceLoader}. */
    public CpuBroadcastMultiply() {
    }

    @Override
    public Runnable prepare(INDArray target, INDArray rates, int dimension) {
        if (CPU_BUFFER_CLASS == null || !CPU_BUFFER_CLASS.isInstance(target.data())
                || !CPU_BUFFER_CLASS.isInstance(rates.data()) || target.dataType() != rates.dataType()
                || !target.dataType().isFPType() || target.rank() != 2 || target.ordering() != 'c'
                || (dimension != 0 && dimension != 1)) {
            return null;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new Prepared(target, rates, dimension);
        }
    }

    /** One prepared multiply; holds every array whose address the native call uses, so none is freed early. */
    static final class Prepared implements Runnable {
        private final INDArray target;
        private final INDArray rates;
        private final INDArray dimensions;
        private final Pair<DataBuffer, DataBuffer> tad;
        private final PointerPointer<?> extras;
        private final OpaqueDataBuffer targetBuffer;
        private final OpaqueDataBuffer ratesBuffer;
        private final OpaqueDataBuffer dimensionsBuffer;
        private final LongPointer targetShape;
        private final LongPointer ratesShape;
        private final LongPointer dimensionsShape;
        private final BroadcastMulOp generic;
        private final NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();

        Prepared(INDArray target, INDArray rates, int dimension) {
            this.target = target;
            this.rates = rates;
            this.generic = new BroadcastMulOp(target, rates, target, dimension);
            this.dimensions = generic.dimensions();
            this.tad = Nd4j.getExecutioner().getTADManager().getTADOnlyShapeInfo(target, new int[] {dimension});
            // the executioner's layout: TAD shape and offsets of x, then of z (the same array here)
            this.extras = new PointerPointer<>(32).put(tad.getFirst().addressPointer(),
                    tad.getSecond().addressPointer(), tad.getFirst().addressPointer(),
                    tad.getSecond().addressPointer());
            this.targetBuffer = opaque(target);
            this.ratesBuffer = opaque(rates);
            this.dimensionsBuffer = opaque(dimensions);
            this.targetShape = shape(target);
            this.ratesShape = shape(rates);
            this.dimensionsShape = shape(dimensions);
        }

        @Override
        public void run() {
            if (checkedByProfiler()) {
                Nd4j.getExecutioner().exec(generic);
                return;
            }
            nativeOps.execBroadcast(extras, generic.opNum(), targetBuffer, targetShape, null, ratesBuffer, ratesShape,
                    null, targetBuffer, targetShape, null, dimensionsBuffer, dimensionsShape, null);
            if (nativeOps.lastErrorCode() != 0) {
                throw new IllegalStateException("libnd4j broadcast multiply of the Alrao rates failed on a gradient of"
                        + " shape " + java.util.Arrays.toString(target.shape()) + ": " + nativeOps.lastErrorMessage());
            }
        }

        /**
         * Whether ND4J's op profiler would look at this op: timing, stack traces, NaN/Inf panic, statistics, or the
         * workspace-scope check (on by default) on an array that lives in a workspace. Then the generic op runs.
         */
        boolean checkedByProfiler() {
            ProfilerConfig c = OpProfiler.getInstance().getConfig();
            return c != null && (c.isStackTrace() || c.isCheckElapsedTime() || c.isNotOptimalTAD() || c.isCheckForNAN()
                    || c.isCheckForINF() || c.isNativeStatistics()
                    || c.isCheckWorkspaces() && (target.isAttached() || rates.isAttached()));
        }

        private static LongPointer shape(INDArray array) {
            return (LongPointer) array.shapeInfoDataBuffer().addressPointer();
        }
    }

    private static OpaqueDataBuffer opaque(INDArray array) {
        try {
            return (OpaqueDataBuffer) OPAQUE_BUFFER.invoke(array.data());
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the native buffer of an ND4J CPU array", e);
        }
    }
}
