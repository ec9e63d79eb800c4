package org.alrao4j.examples.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's arms, in table order: SGD at every rate of the grid, then Adam at its default rate,
 * Alrao-SGD, Alrao-Adam, SGD-HD and SGDR.
 */
public final class Arms {

    /** Plain SGD on the learning-rate grid. */
    public static final String SGD = "SGD";
    /** Adam at its default learning rate. */
    public static final String ADAM = "Adam";
    /** Alrao with SGD as the base optimizer. */
    public static final String ALRAO_SGD = "Alrao-SGD";
    /** Alrao with Adam as the base optimizer. */
    public static final String ALRAO_ADAM = "Alrao-Adam";
    /** SGD with hypergradient descent on one global learning rate. */
    public static final String SGD_HD = "SGD-HD";
    /** SGD with cosine annealing and warm restarts. */
    public static final String SGDR = "SGDR";
    /** Every method, in table order. */
    public static final List<String> METHODS = List.of(SGD, ADAM, ALRAO_SGD, ALRAO_ADAM, SGD_HD, SGDR);

    /**
     * The fixed settings of the arms.
     *
     * @param sgdLrs      the SGD grid (paper: 1e-5 ... 10, one per decade)
     * @param adamLr      Adam's learning rate (its default 1e-3)
     * @param alraoSgd    log10 of Alrao-SGD's {lrMin, lrMax} (paper: {-5, 1})
     * @param alraoAdam   log10 of Alrao-Adam's {lrMin, lrMax} (paper's appendix: {-6, 0})
     * @param classifiers Alrao's number of classifiers (paper: 10)
     * @param hdAlpha0    SGD-HD's initial learning rate alpha0
     * @param hdBeta      SGD-HD's hypergradient learning rate beta
     * @param sgdrLr      SGDR's peak learning rate
     * @param sgdr        SGDR's cycles as {@code T0,Tmult} ({@code cnn --sgdr})
     */
    public record Settings(List<Double> sgdLrs, double adamLr, double[] alraoSgd, double[] alraoAdam,
                           int classifiers, double hdAlpha0, double hdBeta, double sgdrLr, String sgdr) {
    }

    private Arms() {
    }

    /**
     * @param methods  the methods to include (names of {@link #METHODS}, matched case-insensitively)
     * @param settings their settings
     * @return the arms, in table order
     */
    public static List<Arm> plan(Set<String> methods, Settings settings) {
        List<Arm> arms = new ArrayList<>();
        if (methods.contains(SGD)) {
            for (double lr : settings.sgdLrs()) {
                arms.add(new Arm("SGD lr=" + Csv.number(lr), SGD, lr, List.of("--optimizer", "SGD", "--lr", num(lr))));
            }
        }
        if (methods.contains(ADAM)) {
            arms.add(new Arm(ADAM, ADAM, Double.NaN, List.of("--optimizer", "Adam", "--lr", num(settings.adamLr()))));
        }
        if (methods.contains(ALRAO_SGD)) {
            arms.add(alrao(ALRAO_SGD, "SGD", settings.alraoSgd(), settings.classifiers()));
        }
        if (methods.contains(ALRAO_ADAM)) {
            arms.add(alrao(ALRAO_ADAM, "Adam", settings.alraoAdam(), settings.classifiers()));
        }
        if (methods.contains(SGD_HD)) {
            arms.add(new Arm(SGD_HD, SGD_HD, Double.NaN, List.of("--optimizer", "SGD-HD", "--lr",
                    num(settings.hdAlpha0()), "--hypergrad_lr", num(settings.hdBeta()))));
        }
        if (methods.contains(SGDR)) {
            arms.add(new Arm(SGDR, SGDR, Double.NaN, List.of("--optimizer", "SGD", "--lr", num(settings.sgdrLr()),
                    "--sgdr", settings.sgdr())));
        }
        return arms;
    }

    /**
     * @param name a method name, case-insensitive
     * @return its spelling in {@link #METHODS}, or {@code null} when unknown
     */
    public static String canonical(String name) {
        return METHODS.stream().filter(m -> m.equalsIgnoreCase(name.trim())).findFirst().orElse(null);
    }

    /** @return a human description of the arm settings, for the report */
    public static String describe(Settings s) {
        return String.format(Locale.ROOT, "SGD grid %s; Adam lr %s; Alrao-SGD [%s, %s] and Alrao-Adam [%s, %s] with %d"
                + " classifiers; SGD-HD alpha0 %s, beta %s; SGDR peak lr %s, T0,Tmult %s", s.sgdLrs().stream()
                .map(Csv::number).toList(), num(s.adamLr()), num(Math.pow(10, s.alraoSgd()[0])),
                num(Math.pow(10, s.alraoSgd()[1])), num(Math.pow(10, s.alraoAdam()[0])),
                num(Math.pow(10, s.alraoAdam()[1])), s.classifiers(), num(s.hdAlpha0()), num(s.hdBeta()),
                num(s.sgdrLr()), s.sgdr());
    }

    private static Arm alrao(String name, String optimizer, double[] log10Range, int classifiers) {
        return new Arm(name, name, Double.NaN, List.of("--use_alrao", "--optimizer", optimizer, "--minLR",
                num(log10Range[0]), "--maxLR", num(log10Range[1]), "--n_last_layers", Integer.toString(classifiers)));
    }

    private static String num(double v) {
        return Csv.number(v);
    }
}
