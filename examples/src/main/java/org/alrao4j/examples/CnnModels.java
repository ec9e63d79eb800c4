package org.alrao4j.examples;

import java.util.List;

import org.alrao4j.zoo.Models;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.learning.config.IUpdater;

/** The one place where {@code cnn --model_name} becomes a classifier graph. */
public final class CnnModels {

    /** Names accepted by {@link #build}. */
    public static final List<String> NAMES = Models.names();

    private CnnModels() {
    }

    /**
     * @param name           model name, case-insensitive
     * @param input          image input type
     * @param numClasses     number of classes
     * @param sizeMultiplier width multiplier (the reference's {@code --size_multiplier}; LeNet ignores it)
     * @param updater        updater of the plain network
     * @param seed           initialisation seed
     * @return a softmax classifier graph (input {@code input}, output {@code output})
     */
    public static ComputationGraphConfiguration build(String name, InputType input, int numClasses,
                                                      int sizeMultiplier, IUpdater updater, long seed) {
        if (NAMES.stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
            throw new BadInputException("--model_name " + name + " is unknown; available: " + NAMES);
        }
        try {
            return Models.classifier(name, input, numClasses, sizeMultiplier, updater, seed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--model_name " + name + ": " + e.getMessage());
        }
    }
}
