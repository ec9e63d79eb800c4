package org.alrao4j.dl4j.units;

import org.alrao4j.core.UnitLayout;

/**
 * The units of one layer: how many rates it needs and where they apply in the layer's flat trainable
 * parameters.
 *
 * @param numUnits size of the layer's unit-rate vector
 * @param layout   flat layout of the layer's trainable parameters, in the order DL4J lays them out
 */
public record UnitPlan(long numUnits, UnitLayout layout) {

    /** Checks that the layout indexes exactly {@code numUnits} units. */
    public UnitPlan {
        if (layout.numUnits() != numUnits) {
            throw new IllegalArgumentException("layout indexes " + layout.numUnits() + " units, expected " + numUnits);
        }
    }
}
