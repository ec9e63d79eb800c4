package org.alrao4j.examples.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The run's PNG plots (XChart): {@code loss.png} and {@code accuracy.png} per epoch for train, validation
 * and test; {@code posterior.png}, the Switch posterior of every classifier over training; and
 * {@code unit-learning-rates.png}, a histogram of the body's sampled unit learning rates in log10 scale; and
 * the per-iteration and snapshot-ensemble plots of {@link IterationPlots} ({@code learning-rate.png},
 * {@code alpha.png}, {@code ensemble.png}).
 */
public final class Plots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int BINS = 24;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes every plot that has data into {@code result.outDir()}. */
    public static void writeAll(RunResult result) throws IOException {
        Path dir = result.outDir();
        List<EpochMetrics> rows = result.history().epochs();
        save(perEpoch(rows, "Loss (mean NLL, nats)", EpochMetrics::trainLoss, EpochMetrics::validLoss,
                EpochMetrics::testLoss), dir.resolve("loss"));
        save(perEpoch(rows, "Accuracy", EpochMetrics::trainAccuracy, EpochMetrics::validAccuracy,
                EpochMetrics::testAccuracy), dir.resolve("accuracy"));
        if (result.alrao() && !result.history().posteriors().isEmpty()) {
            save(posterior(result), dir.resolve("posterior"));
        }
        if (!result.unitRates().isEmpty()) {
            save(unitRates(result.unitRates()), dir.resolve("unit-learning-rates"));
        }
        saveIfAny(IterationPlots.learningRate(result), dir.resolve("learning-rate"));
        saveIfAny(IterationPlots.alpha(result), dir.resolve("alpha"));
        saveIfAny(IterationPlots.ensemble(result), dir.resolve("ensemble"));
    }

    private static void saveIfAny(Chart<?, ?> chart, Path file) throws IOException {
        if (chart != null) {
            save(chart, file);
        }
    }

    private static XYChart perEpoch(List<EpochMetrics> rows, String what, ToDoubleFunction<EpochMetrics> train,
                                    ToDoubleFunction<EpochMetrics> valid, ToDoubleFunction<EpochMetrics> test) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(what + " per epoch")
                .xAxisTitle("epoch").yAxisTitle(what).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(8);
        double[] x = rows.stream().mapToDouble(EpochMetrics::epoch).toArray();
        addIfFinite(chart, "train", x, rows.stream().mapToDouble(train).toArray());
        addIfFinite(chart, "validation", x, rows.stream().mapToDouble(valid).toArray());
        addIfFinite(chart, "test", x, rows.stream().mapToDouble(test).toArray());
        return chart;
    }

    private static void addIfFinite(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    private static XYChart posterior(RunResult result) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Switch posterior of each classifier over training").xAxisTitle("training iteration")
                .yAxisTitle("posterior probability").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(0);
        List<TrainingHistory.PosteriorPoint> points = result.history().posteriors();
        double[] x = points.stream().mapToDouble(TrainingHistory.PosteriorPoint::iteration).toArray();
        double[] rates = result.classifierLearningRates();
        for (int j = 0; j < rates.length; j++) {
            int c = j;
            double[] y = points.stream().mapToDouble(p -> p.posterior()[c]).toArray();
            chart.addSeries(String.format("lr %.2g", rates[j]), x, y).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static CategoryChart unitRates(Map<String, double[]> rates) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] r : rates.values()) {
            for (double v : r) {
                min = Math.min(min, Math.log10(v));
                max = Math.max(max, Math.log10(v));
            }
        }
        double width = Math.max(max - min, 1e-9) / BINS;
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Sampled unit learning rates of the body (log-uniform)").xAxisTitle("log10(learning rate)")
                .yAxisTitle("number of units").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            labels.add(String.format("%.2f", min + (b + 0.5) * width));
        }
        for (Map.Entry<String, double[]> layer : rates.entrySet()) {
            chart.addSeries(layer.getKey(), labels, histogram(layer.getValue(), min, width));
        }
        return chart;
    }

    private static List<Integer> histogram(double[] values, double min, double width) {
        int[] counts = new int[BINS];
        for (double v : values) {
            int b = (int) Math.floor((Math.log10(v) - min) / width);
            counts[Math.max(0, Math.min(BINS - 1, b))]++;
        }
        List<Integer> list = new ArrayList<>();
        for (int c : counts) {
            list.add(c);
        }
        return list;
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
