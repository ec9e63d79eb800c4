package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class UnitLayoutTest {

    @Test
    void denseColumnsThenBias() {
        // W [nIn=3, nOut=2] in F order, then b [2]
        UnitLayout layout = UnitLayout.builder().segment(0, 2, 3, 1).segment(0, 2, 1, 1).build();
        assertThat(layout.length()).isEqualTo(8);
        assertThat(layout.numUnits()).isEqualTo(2);
        long[] units = new long[8];
        for (int k = 0; k < 8; k++) {
            units[k] = layout.unitOf(k);
        }
        assertThat(units).containsExactly(0, 0, 0, 1, 1, 1, 0, 1);
    }

    @Test
    void tiledGateRowsWithOffset() {
        // 2 units, 2 elements each, tiled 3 times, using units 5 and 6
        UnitLayout layout = UnitLayout.builder().segment(5, 2, 2, 3).build();
        long[] units = new long[12];
        for (int k = 0; k < 12; k++) {
            units[k] = layout.unitOf(k);
        }
        assertThat(units).containsExactly(5, 5, 6, 6, 5, 5, 6, 6, 5, 5, 6, 6);
        assertThat(layout.numUnits()).isEqualTo(7);
    }

    @Test
    void jsonRoundTripKeepsEquality() throws Exception {
        UnitLayout layout = UnitLayout.builder().segment(0, 4, 9, 1).segment(4, 4, 1, 2).build();
        ObjectMapper mapper = new ObjectMapper();
        UnitLayout back = mapper.readValue(mapper.writeValueAsString(layout), UnitLayout.class);
        assertThat(back).isEqualTo(layout).hasSameHashCodeAs(layout);
    }

    @Test
    void rejectsEmptyUnitsAndOutOfRangeIndex() {
        assertThatThrownBy(() -> UnitLayout.builder().segment(0, 0, 1, 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitCount=0");
        UnitLayout layout = UnitLayout.builder().segment(0, 1, 2, 1).build();
        assertThatThrownBy(() -> layout.unitOf(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
