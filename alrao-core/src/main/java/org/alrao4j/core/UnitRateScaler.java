package org.alrao4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multiplies a layer's flat step, in place, by each element's unit learning rate: {@code g <- Lambda (.) g}.
 *
 * <p>Every multiply runs over contiguous memory (docs/benchmarks.md measured a 8-15x penalty for the strided
 * alternative): a segment with {@code tile == 1} is viewed as C-order rows {@code [unitCount, repeat]}, one
 * row per unit, times a rate column; a tiled segment with a short {@code repeat} is viewed as
 * {@code [tile, unitCount*repeat]} times a row of rates each repeated {@code repeat} times; a tiled segment with
 * a long {@code repeat} is multiplied tile by tile as rows. Extra memory is O(units) (the expanded row is used
 * only while {@code repeat <= } {@value #MAX_EXPANDED_REPEAT}); the work is ND4J ops on the backend's device.
 * The views and broadcast ops are built once per step array and reused while the same array comes back (DL4J's
 * updater blocks pass the same gradient view every iteration): building them cost more than the multiply itself.
 * Each multiply is prepared once: by a {@link BroadcastMultiplyProvider} when one serves the arrays (alrao4j-dl4j's
 * CPU provider makes a single libnd4j call), else as a prebuilt ND4J broadcast op (conv 1M-parameter SGD step
 * 67 -> 41 -> 23 us, docs/benchmarks.md).
 */
final class UnitRateScaler {

    /** Longest {@code repeat} for which a tiled segment uses one expanded rate row instead of a loop over tiles. */
    static final long MAX_EXPANDED_REPEAT = 64;

    private static final java.util.List<BroadcastMultiplyProvider> PROVIDERS = java.util.ServiceLoader
            .load(BroadcastMultiplyProvider.class, UnitRateScaler.class.getClassLoader()).stream()
            .map(java.util.ServiceLoader.Provider::get).toList();

    private final AlraoUpdater config;
    private DataType cachedType;
    private INDArray[] segmentRates;
    private INDArray cachedStep;
    private INDArray cachedFlat;
    private Runnable[] cachedMultiplies;

    UnitRateScaler(AlraoUpdater config) {
        this.config = config;
    }

    /**
     * @param step       the block's flat step (gradient, or base optimizer update); modified in place
     * @param multiplier factor applied to every rate (1 leaves the rates as sampled)
     */
    void scale(INDArray step, double multiplier) {
        UnitLayout layout = config.layout();
        if (step.length() != layout.length()) {
            throw new IllegalStateException("Alrao updater of '" + config.tag() + "' received a gradient of length "
                    + step.length() + " but its layout covers " + layout.length() + " elements. Each Alrao updater"
                    + " must serve exactly the layer it was installed on: install it through AlraoInstaller after"
                    + " the network's final shape is known and do not share it between layers.");
        }
        for (Runnable multiply : multipliesFor(step)) {
            multiply.run();
        }
        if (multiplier != 1.0) {
            cachedFlat.muli(multiplier);
        }
    }

    /**
     * One in-place broadcast multiply of a contiguous view by its rates, prepared once: by a
     * {@link BroadcastMultiplyProvider} when one serves the arrays, else as a prebuilt ND4J op.
     */
    private static Runnable multiply(INDArray target, INDArray rates, int dimension) {
        for (BroadcastMultiplyProvider provider : PROVIDERS) {
            Runnable prepared = provider.prepare(target, rates, dimension);
            if (prepared != null) {
                return prepared;
            }
        }
        BroadcastMulOp op = new BroadcastMulOp(target, rates, target, dimension);
        return () -> Nd4j.getExecutioner().exec(op);
    }

    /**
     * The multiplies for {@code step}, built once per step array: DL4J hands an updater the same gradient view
     * every iteration, and building the segment views costs more than multiplying a million elements.
     */
    private Runnable[] multipliesFor(INDArray step) {
        if (step != cachedStep || step.dataType() != cachedType) {
            INDArray flat = step.rank() == 1 ? step : step.reshape(step.length());
            INDArray[] rates = ratesFor(flat.dataType());
            UnitLayout layout = config.layout();
            java.util.List<Runnable> list = new java.util.ArrayList<>();
            long start = 0;
            for (int s = 0; s < layout.numSegments(); s++) {
                long len = layout.segmentLength(s);
                addMultiplies(flat.get(NDArrayIndex.interval(start, start + len)), s, rates[s], list);
                start += len;
            }
            cachedMultiplies = list.toArray(new Runnable[0]);
            cachedFlat = flat;
            cachedStep = step;
        }
        return cachedMultiplies;
    }

    private void addMultiplies(INDArray segment, int s, INDArray rates, java.util.List<Runnable> out) {
        UnitLayout layout = config.layout();
        long units = layout.unitCount(s);
        long repeat = layout.repeat(s);
        long tile = layout.tile(s);
        if (repeat == 1 && tile == 1) {
            out.add(multiply(segment.reshape('c', 1, units), rates, 1));
        } else if (tile == 1) {
            out.add(multiply(segment.reshape('c', units, repeat), rates, 0));
        } else if (repeat <= MAX_EXPANDED_REPEAT) {
            out.add(multiply(segment.reshape('c', tile, units * repeat), rates, 1));
        } else {
            long block = units * repeat;
            for (long t = 0; t < tile; t++) {
                out.add(multiply(segment.get(NDArrayIndex.interval(t * block, (t + 1) * block))
                        .reshape('c', units, repeat), rates, 0));
            }
        }
    }

    /**
     * Per segment, the rates in the shape its multiply needs (a vector, a {@code [units, 1]} column, or a row
     * with each rate repeated), created outside any workspace so they outlive the training step.
     */
    private INDArray[] ratesFor(DataType type) {
        if (type != cachedType) {
            UnitLayout layout = config.layout();
            double[] all = config.unitLearningRates();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray[] perSegment = new INDArray[layout.numSegments()];
                for (int s = 0; s < perSegment.length; s++) {
                    perSegment[s] = segmentRates(all, layout, s).castTo(type);
                }
                segmentRates = perSegment;
                cachedType = type;
            }
        }
        return segmentRates;
    }

    private static INDArray segmentRates(double[] all, UnitLayout layout, int s) {
        int off = (int) layout.unitOffset(s);
        int units = (int) layout.unitCount(s);
        long repeat = layout.repeat(s);
        long tile = layout.tile(s);
        double[] unitRates = java.util.Arrays.copyOfRange(all, off, off + units);
        if (repeat == 1 && tile == 1) {
            return Nd4j.createFromArray(unitRates);
        }
        if (tile == 1 || repeat > MAX_EXPANDED_REPEAT) {
            return Nd4j.createFromArray(unitRates).reshape('c', units, 1);
        }
        double[] expanded = new double[(int) (units * repeat)];
        for (int u = 0; u < units; u++) {
            java.util.Arrays.fill(expanded, (int) (u * repeat), (int) ((u + 1) * repeat), unitRates[u]);
        }
        return Nd4j.createFromArray(expanded);
    }
}
