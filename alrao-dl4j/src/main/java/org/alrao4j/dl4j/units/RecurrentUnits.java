package org.alrao4j.dl4j.units;

import org.alrao4j.core.RecurrentRateSharing;
import org.alrao4j.core.UnitLayout;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;

/**
 * Units of recurrent layers. DL4J stores input weights {@code W [nIn, G*H]} and recurrent weights
 * {@code RW [H, G*H]} in F order, so a gate row (PyTorch's row, DL4J's column) is a contiguous run, then
 * the bias {@code [G*H]} (G = 4 gates for LSTM, 1 for SimpleRnn).
 */
final class RecurrentUnits {

    private RecurrentUnits() {
    }

    /**
     * LSTM. {@link RecurrentRateSharing#PER_GATE_ROW}: 4H rates for W's gate rows (shared with the bias, since
     * DL4J has one bias where PyTorch has two) and 4H independent rates for RW's. {@link
     * RecurrentRateSharing#PER_UNIT}: H rates, unit u's for rows u, H+u, 2H+u, 3H+u of W, RW and the bias.
     */
    static UnitPlan lstm(LSTM layer, RecurrentRateSharing sharing) {
        return gated(layer.getNIn(), layer.getNOut(), 4, sharing, 0);
    }

    /** SimpleRnn: as {@link #lstm} with a single gate; a layer-norm gain {@code [2H]} follows the bias. */
    static UnitPlan simpleRnn(SimpleRnn layer, RecurrentRateSharing sharing) {
        return gated(layer.getNIn(), layer.getNOut(), 1, sharing, layer.hasLayerNorm() ? 2 : 0);
    }

    private static UnitPlan gated(long nIn, long h, long gates, RecurrentRateSharing sharing, int gains) {
        UnitLayout.Builder b = UnitLayout.builder();
        if (sharing == RecurrentRateSharing.PER_UNIT) {
            b.segment(0, h, nIn, gates).segment(0, h, h, gates).segment(0, h, 1, gates);
            for (int g = 0; g < gains; g++) {
                b.segment(0, h, 1, 1);
            }
            return new UnitPlan(h, b.build());
        }
        long rows = gates * h;
        b.segment(0, rows, nIn, 1).segment(rows, rows, h, 1).segment(0, rows, 1, 1);
        if (gains > 0) {
            // input-path gain follows the input weights' units, recurrent-path gain the recurrent ones
            b.segment(0, h, 1, 1).segment(rows, h, 1, 1);
        }
        return new UnitPlan(2 * rows, b.build());
    }
}
