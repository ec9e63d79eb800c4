package org.alrao4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.alrao4j.core.BaseOptimizer;
import org.alrao4j.core.hypergradient.SgdnHd;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --optimizer} values and the reference's {@code hypergrad_lr} defaults. */
class OptimizerChoiceTest {

    @Test
    void parsesCaseInsensitivelyWithTheReferenceDefaults() {
        assertThat(OptimizerChoice.parse("sgd-hd")).isEqualTo(OptimizerChoice.SGD_HD);
        assertThat(OptimizerChoice.parse("Adam")).isEqualTo(OptimizerChoice.ADAM);
        assertThat(OptimizerChoice.SGD_HD.defaultHypergradLr()).isEqualTo(1e-6);
        assertThat(OptimizerChoice.SGDN_HD.defaultHypergradLr()).isEqualTo(1e-6);
        assertThat(OptimizerChoice.ADAM_HD.defaultHypergradLr()).isEqualTo(1e-8);
        assertThat(OptimizerChoice.ADAM_HD.base()).isEqualTo(BaseOptimizer.ADAM);
        assertThat(OptimizerChoice.SGD.hypergradient()).isFalse();
        assertThat(((SgdnHd) OptimizerChoice.SGDN_HD.updater(0.01, 1e-6, 0)).momentum()).isEqualTo(0.9);
        assertThatThrownBy(() -> OptimizerChoice.parse("Nadam")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("SGDN-HD");
    }

    @Test
    void hypergradLrDefaultsPerOptimizer() {
        CnnCommand c = new CnnCommand();
        new CommandLine(c).parseArgs("--optimizer", "Adam-HD");
        assertThat(c.common.hypergradLr()).isEqualTo(1e-8);
        new CommandLine(c).parseArgs("--optimizer", "SGD-HD", "--hypergrad_lr", "0.001");
        assertThat(c.common.hypergradLr()).isEqualTo(0.001);
    }
}
