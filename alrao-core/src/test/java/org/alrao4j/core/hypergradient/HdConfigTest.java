package org.alrao4j.core.hypergradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class HdConfigTest {

    private static List<HypergradientUpdater> samples() {
        return List.of(new SgdHd(), new SgdHd(0.01, 1e-3, HypergradientMode.GLOBAL, null),
                new SgdnHd(), new SgdnHd(0.02, 1e-4, 0.5, HypergradientMode.PER_BLOCK, "dense_1"),
                new AdamHd(), new AdamHd(0.002, 1e-7, 0.8, 0.99, 1e-6, HypergradientMode.GLOBAL, "g"));
    }

    @Test
    void defaultsFollowTheReference() {
        assertThat(new SgdHd().alpha0()).isEqualTo(1e-3);
        assertThat(new SgdHd().hypergradLr()).isEqualTo(1e-6);
        assertThat(new SgdnHd().hypergradLr()).isEqualTo(1e-6);
        assertThat(new SgdnHd().momentum()).isEqualTo(0.9);
        assertThat(new AdamHd().hypergradLr()).isEqualTo(1e-8);
        assertThat(new AdamHd().beta2()).isEqualTo(0.999);
        assertThat(new SgdHd().mode()).isEqualTo(HypergradientMode.PER_BLOCK);
    }

    @Test
    void stateSizeHoldsAlphaPreviousDirectionAndBaseState() {
        assertThat(new SgdHd().stateSize(10)).isEqualTo(11);
        assertThat(new SgdnHd().stateSize(10)).isEqualTo(21);
        assertThat(new AdamHd().stateSize(10)).isEqualTo(31);
    }

    @Test
    void jsonRoundTripThroughThePlainObjectMapper() throws Exception {
        ObjectMapper om = new ObjectMapper();
        for (HypergradientUpdater u : samples()) {
            String json = om.writeValueAsString(u);
            assertThat(json).contains("\"@class\"", "\"alpha0\"", "\"hypergradLr\"", "\"mode\"");
            IUpdater back = om.readValue(json, IUpdater.class);
            assertThat(back).as(json).isEqualTo(u).hasSameHashCodeAs(u);
        }
    }

    @Test
    void equalityCloneAndCopies() {
        for (HypergradientUpdater u : samples()) {
            assertThat(u.clone()).isEqualTo(u).isNotSameAs(u);
            assertThat(u.withTag("other")).isNotEqualTo(u);
            assertThat(u.withTag("other").withTag(u.tag())).isEqualTo(u);
            assertThat(u.withMode(HypergradientMode.GLOBAL).mode()).isEqualTo(HypergradientMode.GLOBAL);
        }
        assertThat(new SgdHd()).isNotEqualTo(new SgdnHd(1e-3, 1e-6, 0));
        assertThat(new SgdnHd(1e-3, 1e-6, 0.5)).isNotEqualTo(new SgdnHd(1e-3, 1e-6, 0.6));
        assertThat(new AdamHd(0.002, 1e-7, 0.8, 0.99, 1e-6, HypergradientMode.GLOBAL, "g").toString())
                .isEqualTo("AdamHd(alpha0=0.002, hypergradLr=1.0E-7, mode=GLOBAL, tag=g, beta1=0.8, beta2=0.99,"
                        + " epsilon=1.0E-6)");
    }

    @Test
    void nominalLearningRateIsAlpha0AndCannotBeOverridden() {
        SgdHd u = new SgdHd(0.05, 1e-6);
        assertThat(u.hasLearningRate()).isTrue();
        assertThat(u.getLearningRate(100, 3)).isEqualTo(0.05);
        assertThatThrownBy(() -> u.setLrAndSchedule(0.1, null)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("SgdHd learns its learning rate online; setLearningRate(0.1) cannot change it");
        assertThatThrownBy(() -> u.instantiate(java.util.Map.of(), true))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("SameDiff");
    }

    @Test
    void badInputsThrowWithParameterValueRuleAndRemedy() {
        assertBad(() -> new SgdHd(0.01, -1e-6),
                "hypergradLr must be finite and >= 0, got hypergradLr=-1.0E-6; use the reference defaults");
        assertBad(() -> new AdamHd(0.01, Double.NaN), "hypergradLr must be finite and >= 0, got hypergradLr=NaN");
        assertBad(() -> new SgdHd(Double.NaN, 1e-6), "alpha0 must be finite and >= 0, got alpha0=NaN; use a small");
        assertBad(() -> new SgdnHd(-0.1, 1e-6, 0.9), "alpha0 must be finite and >= 0, got alpha0=-0.1");
        assertBad(() -> new AdamHd(Double.POSITIVE_INFINITY, 1e-8), "got alpha0=Infinity");
        assertBad(() -> new SgdnHd(0.01, 1e-6, 1.0),
                "momentum must be in [0, 1), got momentum=1.0; use the reference default 0.9, or SgdHd");
        assertBad(() -> new SgdnHd(0.01, 1e-6, -0.1), "momentum must be in [0, 1), got momentum=-0.1");
        assertBad(() -> new SgdnHd(0.01, 1e-6, Double.NaN), "got momentum=NaN");
        assertBad(() -> new AdamHd(0.01, 1e-8, 1.0, 0.999, 1e-8, null, null),
                "beta1 must be in [0, 1), got beta1=1.0");
        assertBad(() -> new AdamHd(0.01, 1e-8, 0.9, 0.999, 0, null, null), "epsilon must be finite and > 0");
    }

    private static void assertBad(Executable build, String message) {
        assertThatThrownBy(build::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
