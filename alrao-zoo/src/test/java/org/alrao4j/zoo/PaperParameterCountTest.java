package org.alrao4j.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.alrao4j.dl4j.AlraoNetworks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Spec 2.4: parameter counts of the paper's models without and with Alrao (N=10 classifiers for the CNNs, N=6 for
 * the char LSTM), to 0.5%. Builds configurations only; counts come from the layer initialisers.
 */
class PaperParameterCountTest {

    private static final InputType CIFAR = InputType.convolutional(32, 32, 3);

    private static long plain(ComputationGraphConfiguration conf) {
        return ParameterCounts.trainable(conf);
    }

    /** Trainable parameters of the Alrao version (head parameters include the N classifiers, not the posterior). */
    private static long withAlrao(ComputationGraphConfiguration conf, int n) {
        ComputationGraphConfiguration alrao = AlraoNetworks.builder().numClassifiers(n).build().convert(conf);
        return ParameterCounts.trainable(alrao);
    }

    private static void check(String name, long actual, double expected) {
        System.out.printf("%s: %,d (spec %,.0f, %.3f%%)%n", name, actual, expected,
                100.0 * (actual - expected) / expected);
        assertThat((double) actual).as(name).isCloseTo(expected, within(expected * 0.005));
    }

    @Test
    void vgg19() {
        ComputationGraphConfiguration conf = Models.classifier("VGG19", CIFAR, 10, 1, new Sgd(0.1), 1);
        check("VGG19", plain(conf), 20.041e6);
        check("VGG19 + Alrao", withAlrao(conf, 10), 20.087e6);
    }

    @Test
    void googLeNet() {
        ComputationGraphConfiguration conf = Models.classifier("GoogLeNet", CIFAR, 10, 1, new Sgd(0.1), 1);
        check("GoogLeNet", plain(conf), 6.166e6);
        check("GoogLeNet + Alrao", withAlrao(conf, 10), 6.258e6);
    }

    @Test
    void mobileNetV2() {
        ComputationGraphConfiguration conf = Models.classifier("MobileNetV2", CIFAR, 10, 1, new Sgd(0.1), 1);
        check("MobileNetV2", plain(conf), 2.297e6);
        check("MobileNetV2 + Alrao", withAlrao(conf, 10), 2.412e6);
    }

    @Test
    void senet18AndMultipliers() {
        long senet = plain(Models.classifier("SENet18", CIFAR, 10, 1, new Sgd(0.1), 1));
        System.out.printf("SENet18: %,d%n", senet);
        // kuangliu SENet18 (PreActBlock) with a 10-class classifier
        check("SENet18", senet, 11_260_354);
        long g2 = plain(Models.classifier("GoogLeNet", CIFAR, 10, 2, new Sgd(0.1), 1));
        System.out.printf("GoogLeNet x2: %,d%n", g2);
        assertThat(g2).isBetween(3 * 6_000_000L, 5 * 6_200_000L); // convolutions grow ~4x
    }

    @Test
    void charLstm() {
        ComputationGraphConfiguration conf = Models.languageModel(50, 100, 100, 2, 0.2, new Sgd(1), 1);
        // PyTorch has two bias vectors per LSTM layer (b_ih, b_hh), DL4J one: 2 x 400 fewer
        check("char LSTM", plain(conf) + 2 * 400, 171_650);
        check("char LSTM + Alrao", withAlrao(conf, 6) + 2 * 400, 196_900);
    }
}
