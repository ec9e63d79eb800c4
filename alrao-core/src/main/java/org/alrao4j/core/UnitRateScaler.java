package org.alrao4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multiplies a layer's flat step, in place, by each element's unit learning rate: {@code g <- Lambda (.) g}.
 *
 * <p>Each layout segment is viewed as {@code [tile, unitCount, repeat]} and multiplied by the unit-rate
 * vector broadcast along the middle axis, so the work is ND4J ops on the backend's device and the only
 * extra memory is the unit-rate vector itself.
 */
final class UnitRateScaler {

    private final AlraoUpdater config;
    private DataType cachedType;
    private INDArray[] segmentRates;

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
        INDArray flat = step.rank() == 1 ? step : step.reshape(step.length());
        INDArray[] rates = ratesFor(flat.dataType());
        long start = 0;
        for (int s = 0; s < layout.numSegments(); s++) {
            long len = layout.segmentLength(s);
            INDArray segment = flat.get(NDArrayIndex.interval(start, start + len))
                    .reshape('c', layout.tile(s), layout.unitCount(s), layout.repeat(s));
            Broadcast.mul(segment, rates[s], segment, 1);
            start += len;
        }
        if (multiplier != 1.0) {
            flat.muli(multiplier);
        }
    }

    /** Unit-rate vectors per segment, created outside any workspace so they outlive the training step. */
    private INDArray[] ratesFor(DataType type) {
        if (type != cachedType) {
            UnitLayout layout = config.layout();
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray all = Nd4j.createFromArray(config.unitLearningRates()).castTo(type);
                INDArray[] perSegment = new INDArray[layout.numSegments()];
                for (int s = 0; s < perSegment.length; s++) {
                    long off = layout.unitOffset(s);
                    perSegment[s] = all.get(NDArrayIndex.interval(off, off + layout.unitCount(s))).dup();
                }
                segmentRates = perSegment;
                cachedType = type;
            }
        }
        return segmentRates;
    }
}
