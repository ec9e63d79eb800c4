package org.alrao4j.examples.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Writes a run's results folder: {@code results.json}, {@code epochs.csv}, {@code iterations.csv} (the
 * learning rate and alpha of every update) and the plots of {@link Plots}.
 */
public final class ResultsWriter {

    private ResultsWriter() {
    }

    /**
     * @param requested the folder the user asked for, or {@code null} for a fresh {@code ./runs/<command>-<time>}
     * @param command   the subcommand, used in the fresh folder's name
     * @return the folder, created
     * @throws IOException if it cannot be created
     */
    public static Path prepare(Path requested, String command) throws IOException {
        Path dir = requested;
        if (dir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", command + "-" + stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = Path.of("runs", command + "-" + stamp + "-" + i);
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("--out " + dir + " is a file; pass a folder");
        }
        return Files.createDirectories(dir);
    }

    /** Writes {@code results.json}, the CSV files and the PNG plots into {@code result.outDir()}. */
    public static void write(RunResult result) throws IOException {
        Path dir = result.outDir();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("results.json"), mapper.writeValueAsString(json(result)) + "\n");
        List<String> csv = new ArrayList<>();
        csv.add(EpochMetrics.CSV_HEADER);
        result.history().epochs().forEach(e -> csv.add(e.csvRow()));
        Files.write(dir.resolve("epochs.csv"), csv);
        List<IterationPoint> points = result.extras().iterations();
        if (!points.isEmpty()) {
            List<String> rows = new ArrayList<>(points.size() + 1);
            rows.add(IterationPoint.CSV_HEADER);
            points.forEach(p -> rows.add(p.csvRow()));
            Files.write(dir.resolve("iterations.csv"), rows);
        }
        Plots.writeAll(result);
    }

    /** @return the fields of {@code results.json}, in the documented order (NaN becomes null) */
    static Map<String, Object> json(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", r.command());
        m.put("dataset", r.dataset());
        m.put("model", r.model());
        m.put("optimizer", r.optimizer());
        m.put("alrao", r.alrao());
        m.put("lrMin", r.lrMin());
        m.put("lrMax", r.lrMax());
        m.put("classifiers", r.classifiers());
        m.put("classifierLearningRates", r.classifierLearningRates());
        m.put("seed", r.seed());
        List<Map<String, Object>> epochs = new ArrayList<>();
        r.history().epochs().forEach(e -> epochs.add(epoch(e)));
        m.put("epochs", epochs);
        m.put("best", best(r));
        m.put("posterior", r.posterior());
        m.put("msPerIteration", finite(r.history().msPerIteration()));
        ExtrasJson.put(m, r);
        return m;
    }

    private static Map<String, Object> epoch(EpochMetrics e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("trainLoss", finite(e.trainLoss()));
        m.put("trainAccuracy", finite(e.trainAccuracy()));
        m.put("validLoss", finite(e.validLoss()));
        m.put("validAccuracy", finite(e.validAccuracy()));
        m.put("testLoss", finite(e.testLoss()));
        m.put("testAccuracy", finite(e.testAccuracy()));
        m.put("seconds", e.seconds());
        return m;
    }

    private static Map<String, Object> best(RunResult r) {
        EpochMetrics b = r.best();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", b.epoch());
        m.put("testLoss", finite(b.testLoss()));
        m.put("testAccuracy", finite(b.testAccuracy()));
        if (r.bitsReported()) {
            m.put("testBitsPerChar", finite(b.testLoss() / Math.log(2)));
        }
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
