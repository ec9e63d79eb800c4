package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Grids of Alrao spec section 2.2. */
class ClassifierLearningRatesTest {

    @Test
    void tenClassifiersOnTheCifarRange() {
        double[] grid = ClassifierLearningRates.geometricGrid(new LearningRateRange(1e-5, 10), 10);
        double[] expected = {1e-5, 4.6416e-5, 2.1544e-4, 1e-3, 4.6416e-3, 2.1544e-2, 0.1, 0.46416, 2.1544, 10};
        assertThat(grid).hasSize(10);
        for (int j = 0; j < 10; j++) {
            assertThat(grid[j]).isCloseTo(expected[j], within(expected[j] * 1e-4));
        }
        assertThat(grid[0]).isEqualTo(1e-5);
        assertThat(grid[9]).isEqualTo(10.0);
    }

    @Test
    void sixClassifiersOnThePtbRangeAreDecades() {
        double[] grid = ClassifierLearningRates.geometricGrid(new LearningRateRange(1e-3, 100), 6);
        double[] expected = {1e-3, 1e-2, 0.1, 1, 10, 100};
        for (int j = 0; j < 6; j++) {
            assertThat(grid[j]).isCloseTo(expected[j], within(expected[j] * 1e-12));
        }
    }

    @Test
    void ratioOfTheUnitRangeGrid() {
        double[] grid = ClassifierLearningRates.geometricGrid(new LearningRateRange(1e-5, 1), 10);
        assertThat(grid[1] / grid[0]).isCloseTo(Math.pow(10, 5.0 / 9), within(1e-9));
    }

    @Test
    void oneClassifierGetsLrMin() {
        assertThat(ClassifierLearningRates.geometricGrid(new LearningRateRange(1e-3, 100), 1)).containsExactly(1e-3);
    }

    @Test
    void rejectsNoClassifier() {
        assertThatThrownBy(() -> ClassifierLearningRates.geometricGrid(new LearningRateRange(1e-3, 1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClassifiers must be >= 1, got numClassifiers=0");
    }
}
