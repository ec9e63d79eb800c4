package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LearningRateRangeTest {

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "10, 1", "1e-5, 0"})
    void rejectsBoundsOutOfOrderOrNotPositive(double lrMin, double lrMax) {
        assertThatThrownBy(() -> new LearningRateRange(lrMin, lrMax))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lrMin must be > 0 and <= lrMax")
                .hasMessageContaining("lrMin=" + lrMin)
                .hasMessageContaining("lrMax=" + lrMax);
    }

    @ParameterizedTest
    @CsvSource({"NaN, 1", "1e-5, NaN", "1e-5, Infinity", "-Infinity, 1"})
    void rejectsNonFiniteBounds(double lrMin, double lrMax) {
        assertThatThrownBy(() -> new LearningRateRange(lrMin, lrMax))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be finite");
    }

    @Test
    void pointRangeMapsEveryFractionToItsValueExactly() {
        LearningRateRange point = new LearningRateRange(0.01, 0.01);
        assertThat(point.isPoint()).isTrue();
        assertThat(point.atLogFraction(0.37)).isEqualTo(0.01);
    }

    @Test
    void log10FactoryAndGeometricMean() {
        LearningRateRange r = LearningRateRange.ofLog10(-5, 1);
        assertThat(r.lrMin()).isEqualTo(1e-5);
        assertThat(r.lrMax()).isEqualTo(10.0);
        assertThat(r.geometricMean()).isCloseTo(Math.sqrt(1e-4), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r.atLogFraction(0)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-18));
        assertThat(r.atLogFraction(1)).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-12));
    }
}
