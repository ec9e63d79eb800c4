package org.alrao4j.examples.robustness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the benchmark's tables into its folder: {@value #MARKDOWN} (the summary table with the setting and
 * the findings), {@value #SUMMARY_CSV} (one row per arm) and {@value #RUNS_CSV} (one row per run).
 */
public final class Report {

    /** The markdown report. */
    public static final String MARKDOWN = "robustness.md";
    /** One CSV row per arm. */
    public static final String SUMMARY_CSV = "robustness.csv";
    /** One CSV row per run. */
    public static final String RUNS_CSV = "robustness-runs.csv";

    /**
     * What the report says about how it was made.
     *
     * @param title        e.g. "LeNet on fashion-mnist (48000 train / 12000 valid / 10000 test), 5 epochs"
     * @param command      the command line that produced it
     * @param arms         the arms' settings ({@link Arms#describe})
     * @param seeds        the seeds
     * @param machine      cores and load averages before and after
     * @param totalSeconds wall time of the whole benchmark
     */
    public record Context(String title, String command, String arms, List<Long> seeds, String machine,
                          double totalSeconds) {
    }

    private Report() {
    }

    /**
     * @param dir       the benchmark folder
     * @param context   how the runs were made
     * @param summaries one per arm, in table order
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, Context context, List<ArmSummary> summaries) throws IOException {
        List<String> summary = new ArrayList<>();
        summary.add(ArmSummary.CSV_HEADER);
        summaries.forEach(s -> summary.add(s.csvRow()));
        Files.write(dir.resolve(SUMMARY_CSV), summary);
        List<String> runs = new ArrayList<>();
        runs.add(ArmRun.CSV_HEADER);
        summaries.forEach(s -> s.runs().forEach(r -> runs.add(r.csvRow())));
        Files.write(dir.resolve(RUNS_CSV), runs);
        Files.write(dir.resolve(MARKDOWN), markdown(context, summaries));
    }

    /** @return the markdown report's lines */
    public static List<String> markdown(Context context, List<ArmSummary> summaries) {
        List<String> md = new ArrayList<>();
        md.add("# Learning-rate robustness: " + context.title());
        md.add("");
        md.add("```");
        md.add(context.command());
        md.add("```");
        md.add("");
        md.add("Arms: " + context.arms() + ". Seeds " + context.seeds() + ". Each run reports the test metrics of"
                + " its epoch with the lowest validation loss (the paper's protocol); mean ± sample standard"
                + " deviation over seeds. Test loss is the mean NLL in nats. \"diverged\" counts runs with a"
                + " non-finite loss; their accuracy is averaged as measured, their loss is left out.");
        md.add("");
        md.addAll(table(summaries));
        md.add("");
        md.addAll(Findings.of(summaries).lines());
        md.add(String.format(Locale.ROOT, "- Total wall time %.1f min; %s.", context.totalSeconds() / 60,
                context.machine()));
        return md;
    }

    /** @return the summary table in markdown */
    public static List<String> table(List<ArmSummary> summaries) {
        List<String> rows = new ArrayList<>();
        rows.add("| arm | test accuracy (%) | test loss | diverged | wall time per run (s) |");
        rows.add("|---|---|---|---|---|");
        for (ArmSummary s : summaries) {
            String loss = s.loss().n() == 0 ? "diverged" : fmt(s.loss(), 1, 3);
            String failed = s.failed() > 0 ? " (" + s.failed() + " failed)" : "";
            rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d%s | %s |", s.arm().name(), pct(s.accuracy()),
                    loss, s.diverged(), s.runs().size(), failed, fmt(s.seconds(), 1, 0)));
        }
        return rows;
    }

    /** @return an accuracy statistic in percent, e.g. {@code 89.5 ± 0.2} */
    static String pct(ArmSummary.Stat s) {
        return fmt(s, 100, 1);
    }

    private static String fmt(ArmSummary.Stat s, double scale, int decimals) {
        if (s.n() == 0) {
            return "n/a";
        }
        String f = "%." + decimals + "f";
        String mean = String.format(Locale.ROOT, f, s.mean() * scale);
        return Double.isNaN(s.std()) ? mean : mean + " ± " + String.format(Locale.ROOT, f, s.std() * scale);
    }
}
