package org.alrao4j.examples.robustness;

import java.util.List;
import java.util.Locale;

/**
 * One arm of the benchmark: a learning-rate method with its fixed settings, trained once per seed.
 *
 * @param name    display name, e.g. {@code "SGD lr=0.1"}, {@code "Alrao-SGD"}
 * @param method  the method, one of {@link Arms#METHODS}; {@code "SGD"} for every point of the grid
 * @param lr      the grid's learning rate for {@code "SGD"} arms, NaN for the others
 * @param cnnArgs the arm's own {@code cnn} options (optimizer, rates, schedule); seed, epochs, data and output
 *                folder are added per run
 */
public record Arm(String name, String method, double lr, List<String> cnnArgs) {

    /** Copies {@code cnnArgs}. */
    public Arm {
        cnnArgs = List.copyOf(cnnArgs);
    }

    /** @return whether this arm is a point of the SGD learning-rate grid (plotted on the x axis) */
    public boolean sgdGrid() {
        return Arms.SGD.equals(method);
    }

    /** @return a folder name for the arm's runs, e.g. {@code sgd-lr-0.1}, {@code alrao-sgd} */
    public String slug() {
        return name.toLowerCase(Locale.ROOT).replace("=", "-").replaceAll("[^a-z0-9.+-]+", "-");
    }
}
