package org.alrao4j.examples.robustness;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code robustness} benchmark produced.
 *
 * @param dir          the benchmark folder ({@value Report#MARKDOWN}, {@value Report#SUMMARY_CSV},
 *                     {@value Report#RUNS_CSV}, {@value RobustnessPlot#FILE}, and {@code runs/<arm>/seed-<s>})
 * @param summaries    one per arm, in table order
 * @param findings     the paper's claims checked on these numbers
 * @param totalSeconds wall time of the whole benchmark
 */
public record RobustnessResult(Path dir, List<ArmSummary> summaries, Findings findings, double totalSeconds) {

    /** @return the summary of the arm called {@code name} */
    public ArmSummary arm(String name) {
        return summaries.stream().filter(s -> s.arm().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no arm named " + name + " in " + summaries.stream()
                        .map(s -> s.arm().name()).toList()));
    }
}
