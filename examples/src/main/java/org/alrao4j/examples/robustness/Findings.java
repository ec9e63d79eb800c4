package org.alrao4j.examples.robustness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paper's claims checked on one benchmark: Alrao-SGD against the SGD rate that is best on validation loss
 * (the paper's selection) and against the grid's worst rate, and the cost of one Alrao run against the grid.
 *
 * @param bestSgd   the SGD arm with the lowest mean validation loss among rates whose runs all stayed finite
 * @param worstSgd  the SGD arm with the lowest mean test accuracy
 * @param alraoSgd  the Alrao-SGD arm
 * @param gridArms  number of SGD rates in the grid
 * @param costRatio mean wall time of one Alrao-SGD run over the summed mean wall times of the SGD grid (NaN
 *                  without both)
 */
public record Findings(Optional<ArmSummary> bestSgd, Optional<ArmSummary> worstSgd, Optional<ArmSummary> alraoSgd,
                       int gridArms, double costRatio) {

    /** @return the findings of {@code summaries} */
    public static Findings of(List<ArmSummary> summaries) {
        List<ArmSummary> grid = summaries.stream().filter(s -> s.arm().sgdGrid()).toList();
        Optional<ArmSummary> best = grid.stream()
                .filter(s -> s.validLoss().n() == s.runs().size() && s.validLoss().n() > 0)
                .min(Comparator.comparingDouble(s -> s.validLoss().mean()));
        Optional<ArmSummary> worst = grid.stream().filter(s -> s.accuracy().n() > 0)
                .min(Comparator.comparingDouble(s -> s.accuracy().mean()));
        Optional<ArmSummary> alrao = summaries.stream().filter(s -> Arms.ALRAO_SGD.equals(s.arm().method()))
                .findFirst();
        double gridSeconds = grid.stream().mapToDouble(s -> s.seconds().mean()).sum();
        double ratio = alrao.isPresent() && !grid.isEmpty() ? alrao.get().seconds().mean() / gridSeconds : Double.NaN;
        return new Findings(best, worst, alrao, grid.size(), ratio);
    }

    /** @return the findings as markdown bullet lines (nothing for what the arms run cannot tell) */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        bestSgd.ifPresent(b -> lines.add(String.format(Locale.ROOT, "- Best SGD rate on validation loss: %s, test"
                + " accuracy %s %%.", b.arm().name(), Report.pct(b.accuracy()))));
        if (alraoSgd.isPresent() && bestSgd.isPresent()) {
            lines.add(String.format(Locale.ROOT, "- Alrao-SGD minus that SGD: %+.1f points of test accuracy, %+.3f"
                    + " nats of test loss (paper, CIFAR-10: -0.7 to -2.1 points).", points(alraoSgd.get(),
                    bestSgd.get()), alraoSgd.get().loss().mean() - bestSgd.get().loss().mean()));
        }
        if (alraoSgd.isPresent() && worstSgd.isPresent() && gridArms >= 2) {
            lines.add(String.format(Locale.ROOT, "- Alrao-SGD minus the worst SGD rate (%s): %+.1f points.",
                    worstSgd.get().arm().name(), points(alraoSgd.get(), worstSgd.get())));
        }
        if (Double.isFinite(costRatio)) {
            lines.add(String.format(Locale.ROOT, "- Cost: one Alrao-SGD run took %.0f s, the %d SGD rates %.0f s"
                    + " together (mean run times): ratio %.2f = 1/%.1f (paper: one run instead of a grid, 1/7 for"
                    + " 7 rates).", alraoSgd.get().seconds().mean(), gridArms, alraoSgd.get().seconds().mean()
                    / costRatio, costRatio, 1 / costRatio));
        }
        return lines;
    }

    private static double points(ArmSummary a, ArmSummary b) {
        return 100 * (a.accuracy().mean() - b.accuracy().mean());
    }
}
