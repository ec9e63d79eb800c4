package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class AlraoUpdaterConfigTest {

    private static final UnitLayout LAYOUT = UnitLayout.builder().segment(0, 3, 4, 1).segment(0, 3, 1, 1).build();
    private static final double[] RATES = {1e-4, 0.1, 2.5};

    private static AlraoUpdater updater(BaseOptimizer optimizer, boolean withSchedule) {
        AlraoSettings.Builder b = AlraoSettings.builder().optimizer(optimizer).adam(0.8, 0.99, 1e-7);
        if (withSchedule) {
            b.lrMultiplier(new StepSchedule(ScheduleType.EPOCH, 1.0, 0.5, 3));
        }
        return b.build().updaterFor(RATES, LAYOUT, "dense1");
    }

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void jsonRoundTripThroughTheIUpdaterTypeInfo(BaseOptimizer optimizer) throws Exception {
        for (boolean withSchedule : new boolean[] {false, true}) {
            AlraoUpdater original = updater(optimizer, withSchedule);
            ObjectMapper mapper = new ObjectMapper();
            String json = mapper.writeValueAsString(original);
            IUpdater back = mapper.readValue(json, IUpdater.class);
            assertThat(back).isEqualTo(original).hasSameHashCodeAs(original);
            assertThat(json).contains("\"@class\":\"" + original.getClass().getName() + "\"");
        }
    }

    @ParameterizedTest
    @EnumSource(BaseOptimizer.class)
    void cloneIsEqualButIndependent(BaseOptimizer optimizer) {
        AlraoUpdater original = updater(optimizer, true);
        AlraoUpdater copy = original.clone();
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        double[] rates = copy.unitLearningRates();
        rates[0] = 99;
        assertThat(original.unitLearningRates()[0]).isEqualTo(1e-4);
    }

    @Test
    void differentTagsNeverMerge() {
        AlraoSettings s = AlraoSettings.builder().build();
        assertThat(s.updaterFor(RATES, LAYOUT, "a")).isNotEqualTo(s.updaterFor(RATES, LAYOUT, "b"));
    }

    @Test
    void stateIsTheBaseOptimizersOnly() {
        assertThat(updater(BaseOptimizer.SGD, false).stateSize(1000)).isZero();
        assertThat(updater(BaseOptimizer.ADAM, false).stateSize(1000)).isEqualTo(2000);
    }

    @Test
    void nominalRateIsTheGeometricMeanTimesTheMultiplier() {
        AlraoUpdater u = updater(BaseOptimizer.SGD, true);
        double mean = Math.cbrt(1e-4 * 0.1 * 2.5);
        assertThat(u.getLearningRate(0, 0)).isCloseTo(mean, within(1e-12));
        assertThat(u.getLearningRate(0, 3)).isCloseTo(0.5 * mean, within(1e-12));
        assertThat(u.hasLearningRate()).isTrue();
    }

    @Test
    void learningRateCannotBeOverwritten() {
        assertThatThrownBy(() -> updater(BaseOptimizer.SGD, false).setLrAndSchedule(0.1, null))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'dense1'").hasMessageContaining("lrMultiplier");
    }

    @Test
    void rejectsBadRatesAndHyperParameters() {
        AlraoSettings s = AlraoSettings.builder().build();
        assertThatThrownBy(() -> s.updaterFor(new double[] {0.1, Double.NaN, 1}, LAYOUT, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unitLearningRates[1]");
        assertThatThrownBy(() -> s.updaterFor(new double[] {0.1, 1}, LAYOUT, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must cover the layout's 3 units");
        assertThatThrownBy(() -> AlraoSettings.builder().optimizer(BaseOptimizer.ADAM).adam(1.0, 0.999, 1e-8).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta1 must be in [0, 1)");
        assertThatThrownBy(() -> AlraoSettings.builder().lrMin(10).lrMax(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lrMin must be > 0 and <= lrMax, got lrMin=10.0, lrMax=1.0");
    }

    @Test
    void gradientOfTheWrongLengthIsAClearError() {
        AlraoUpdater u = updater(BaseOptimizer.SGD, false);
        assertThatThrownBy(() -> u.instantiate((org.nd4j.linalg.api.ndarray.INDArray) null, true)
                .applyUpdater(Nd4j.ones(20), 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("length 20").hasMessageContaining("covers 15 elements");
    }
}
