package org.alrao4j.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class SgdrScheduleTest {

    /** lr-methods.md 8.7 / PyTorch #23480: base lr 0.5, T0 = 1, Tmult = 2, one step per epoch. */
    private static final double[] PYTORCH_VECTOR = {0.5, 0.5, 0.25, 0.5, 0.42678, 0.25, 0.07322, 0.5, 0.48097};

    /** Evaluates the schedule at {@code step} for its own step type, with a junk value in the other counter. */
    private static double at(SgdrSchedule s, int step) {
        return s.scheduleType() == ScheduleType.ITERATION ? s.valueAt(step, 12345) : s.valueAt(12345, step);
    }

    @ParameterizedTest
    @EnumSource(ScheduleType.class)
    void pytorchVector(ScheduleType type) {
        SgdrSchedule s = SgdrSchedule.builder(type, 0.5, 1).tMult(2).build();
        for (int step = 0; step < PYTORCH_VECTOR.length; step++) {
            assertThat(at(s, step)).as(s + " step " + step).isCloseTo(PYTORCH_VECTOR[step], within(5e-6));
        }
    }

    @ParameterizedTest
    @EnumSource(ScheduleType.class)
    void restartsOfT0TenTmultTwoAreAt10_30_70_150(ScheduleType type) {
        SgdrSchedule s = SgdrSchedule.builder(type, 0.05, 10).tMult(2).build();
        List<Integer> restarts = new ArrayList<>();
        for (int step = 0; step <= 200; step++) {
            if (s.isRestart(step)) {
                restarts.add(step);
                assertThat(at(s, step)).as("step " + step).isEqualTo(0.05);
            }
        }
        assertThat(restarts).containsExactly(10, 30, 70, 150);
        assertThat(at(s, 0)).isEqualTo(0.05);
        assertThat(s.cycleOf(9)).isEqualTo(0);
        assertThat(s.cycleOf(10)).isEqualTo(1);
        assertThat(s.cycleOf(29)).isEqualTo(1);
        assertThat(s.cycleOf(30)).isEqualTo(2);
        assertThat(s.cycleOf(150)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(ScheduleType.class)
    void matchesEq5WithLoopedBoundariesForNonIntegerTmult(ScheduleType type) {
        double etaMax = 0.1;
        double etaMin = 0.001;
        SgdrSchedule s = SgdrSchedule.builder(type, etaMax, 10).tMult(1.5).etaMin(etaMin).build();
        // 1.5 keeps every boundary (0, 10, 25, 47.5, 81.25, 131.875, ...) exact in binary
        for (int step = 0; step < 400; step++) {
            double start = 0;
            double len = 10;
            while (start + len <= step) {
                start += len;
                len *= 1.5;
            }
            double expected = etaMin + 0.5 * (etaMax - etaMin) * (1 + Math.cos(Math.PI * (step - start) / len));
            assertThat(at(s, step)).as("step " + step).isCloseTo(expected, within(1e-15));
        }
        assertThat(s.isRestart(25)).isTrue();
        assertThat(s.isRestart(48)).isTrue(); // boundary 47.5: the first step of cycle 2 is 48
        assertThat(s.isRestart(47)).isFalse();
    }

    @Test
    void boundariesThatAreIntegersMathematicallyAreNotShiftedByFloatDrift() {
        // 10 * 1.1 = 11.000000000000002 in double: naive summation would restart at 22 instead of 21
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.ITERATION, 1, 10).tMult(1.1).build();
        assertThat(s.isRestart(10)).isTrue();
        assertThat(s.isRestart(21)).isTrue();
        assertThat(s.isRestart(22)).isFalse();
        assertThat(s.valueAt(21, 0)).isEqualTo(1.0);
        assertThat(s.isRestart(34)).isTrue(); // boundary 33.1
        assertThat(s.isRestart(47)).isTrue(); // boundary 46.41
        for (int step = 1; step < 100_000; step += 7) {
            double v = s.valueAt(step, 0);
            assertThat(v).as("step " + step).isBetween(0.0, 1.0);
        }
    }

    @Test
    void minimumAndMidpointOfACycle() {
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.EPOCH, 0.2, 4).etaMin(0.02).build();
        assertThat(s.valueAt(0, 2)).isCloseTo(0.11, within(1e-15)); // halfway: the mean of the two
        assertThat(s.valueAt(0, 3)).isCloseTo(0.02 + 0.09 * (1 + Math.cos(0.75 * Math.PI)), within(1e-15));
        assertThat(s.valueAt(0, 4)).isEqualTo(0.2);
        assertThat(s.isRestart(4)).isTrue();
        assertThat(s.isRestart(8)).isTrue();
    }

    @Test
    void warmUpRampsLinearlyThenStartsTheFirstCycle() {
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.ITERATION, 0.1, 10).etaMin(0.01).warmUpSteps(5)
                .build();
        for (int step = 0; step < 5; step++) {
            assertThat(s.valueAt(step, 0)).isCloseTo(0.01 + 0.09 * step / 5, within(1e-15));
            assertThat(s.cycleOf(step)).isEqualTo(-1);
            assertThat(s.isRestart(step)).isFalse();
        }
        assertThat(s.valueAt(5, 0)).isEqualTo(0.1);
        assertThat(s.cycleOf(5)).isEqualTo(0);
        assertThat(s.isRestart(5)).isFalse();
        assertThat(s.isRestart(15)).isTrue();
        assertThat(s.valueAt(10, 0)).isCloseTo(0.055, within(1e-15));
    }

    @Test
    void mMulDecaysThePeakAboveEtaMinAtEachRestart() {
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.EPOCH, 1.0, 2).etaMin(0.1).mMul(0.5).build();
        assertThat(s.valueAt(0, 0)).isEqualTo(1.0);
        assertThat(s.valueAt(0, 2)).isCloseTo(0.1 + 0.5 * 0.9, within(1e-15));
        assertThat(s.valueAt(0, 4)).isCloseTo(0.1 + 0.25 * 0.9, within(1e-15));
        assertThat(s.valueAt(0, 5)).isCloseTo(0.1 + 0.5 * 0.25 * 0.9, within(1e-15));
    }

    @Test
    void jsonRoundTripKeepsEveryFieldUnderExplicitNames() throws Exception {
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.EPOCH, 0.05, 10).tMult(1.5).etaMin(1e-4).mMul(0.8)
                .warmUpSteps(3).build();
        ObjectMapper om = new ObjectMapper();
        String json = om.writeValueAsString(s);
        assertThat(json).contains("\"tMult\"", "\"mMul\"", "\"t0\"", "\"warmUpSteps\"", "\"@class\"");
        ISchedule back = om.readValue(json, ISchedule.class);
        assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(((SgdrSchedule) back).tMult()).isEqualTo(1.5);
    }

    @Test
    void cloneEqualsAndToStringReadsLikeTheConfig() {
        SgdrSchedule s = SgdrSchedule.builder(ScheduleType.ITERATION, 0.05, 10).tMult(2).build();
        assertThat(s.clone()).isEqualTo(s).isNotSameAs(s);
        assertThat(s).isNotEqualTo(SgdrSchedule.builder(ScheduleType.EPOCH, 0.05, 10).tMult(2).build());
        assertThat(s.toString()).isEqualTo("SgdrSchedule(scheduleType=ITERATION, etaMax=0.05, etaMin=0.0,"
                + " t0=10.0, tMult=2.0, mMul=1.0, warmUpSteps=0)");
    }

    @Test
    void badInputsThrowWithParameterValueRuleAndRemedy() {
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).tMult(0.5),
                "tMult must be finite and >= 1, got tMult=0.5; use 1 for equal cycles or 2 to double each cycle");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 0.5), "t0 must be finite and >= 1, got t0=0.5");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).etaMin(0.2),
                "etaMin must be <= etaMax, got etaMin=0.2, etaMax=0.1; swap them");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).etaMin(-1e-3),
                "etaMin must be finite and >= 0, got etaMin=-0.001");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, Double.NaN, 10), "etaMax must be finite, got etaMax=NaN");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, Double.POSITIVE_INFINITY, 10),
                "etaMax must be finite, got etaMax=Infinity");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, Double.NaN), "t0 must be finite and >= 1, got t0=NaN");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).tMult(Double.POSITIVE_INFINITY),
                "got tMult=Infinity");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).warmUpSteps(-1),
                "warmUpSteps must be >= 0, got warmUpSteps=-1; use 0");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).mMul(0),
                "mMul must be finite and > 0, got mMul=0.0; use 1");
        assertBad(SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).mMul(-0.5), "got mMul=-0.5");
        assertBad(SgdrSchedule.builder(null, 0.1, 10), "scheduleType must be set, got scheduleType=null");
        SgdrSchedule ok = SgdrSchedule.builder(ScheduleType.EPOCH, 0.1, 10).build();
        assertThatThrownBy(() -> ok.valueAt(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step must be >= 0, got step=-1");
    }

    private static void assertBad(SgdrSchedule.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
