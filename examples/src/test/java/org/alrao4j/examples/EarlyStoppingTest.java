package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.alrao4j.examples.train.EarlyStopping;
import org.junit.jupiter.api.Test;

/** The reference's EarlyStopping semantics (Alrao spec section 5.1). */
class EarlyStoppingTest {

    @Test
    void stopsAfterPatiencePlusOneEpochsWithoutRelativeImprovement() {
        EarlyStopping s = new EarlyStopping(2);
        assertThat(s.step(1.0)).isFalse();
        assertThat(s.step(0.99995)).isFalse(); // within the 1e-4 relative threshold: not an improvement
        assertThat(s.step(0.99)).isFalse(); // improvement resets
        assertThat(s.step(1.0)).isFalse();
        assertThat(s.step(1.0)).isFalse();
        assertThat(s.step(1.0)).isTrue();
        assertThat(s.best()).isEqualTo(0.99);
    }
}
