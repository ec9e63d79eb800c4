package org.alrao4j.examples.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of {@link RunExtras}: {@code learning-rate.png} (the applied rate, or Alrao's multiplier, per
 * iteration; log y axis when it spans more than a decade), {@code alpha.png} (the hypergradient alpha per
 * iteration) and {@code ensemble.png} (test accuracy of each snapshot alone vs the ensemble of the first k and
 * the chosen ensemble).
 */
final class IterationPlots {

    /** At most this many points are drawn per series; the CSV keeps them all. */
    static final int MAX_POINTS = 4_000;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private IterationPlots() {
    }

    /** @return the learning-rate chart, or {@code null} without points */
    static XYChart learningRate(RunResult r) {
        List<IterationPoint> points = r.extras().iterations();
        if (points.isEmpty()) {
            return null;
        }
        String what = r.alrao() ? "multiplier of every Alrao rate" : "learning rate";
        XYChart chart = perIteration(points, IterationPoint::learningRate, "Applied " + what + " per iteration", what,
                r.extras().sgdr() != null ? "SGDR" : r.optimizer());
        chart.getStyler().setYAxisLogarithmic(spansDecades(points, IterationPoint::learningRate));
        return chart;
    }

    /** @return the alpha chart, or {@code null} for optimizers without alpha */
    static XYChart alpha(RunResult r) {
        List<IterationPoint> points = r.extras().iterations();
        if (r.extras().hypergradient() == null || points.isEmpty()) {
            return null;
        }
        return perIteration(points, IterationPoint::alpha, r.optimizer() + ": learned learning rate alpha per"
                + " iteration", "alpha", "alpha");
    }

    /** @return the snapshot-ensemble chart, or {@code null} without an ensemble */
    static XYChart ensemble(RunResult r) {
        EnsembleReport e = r.extras().ensemble();
        if (e == null) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Snapshot ensemble vs single snapshots (test accuracy)").xAxisTitle("snapshot k")
                .yAxisTitle("test accuracy").build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(8);
        int n = e.singleAccuracies().length;
        double[] x = new double[n];
        double[] chosen = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k + 1;
            chosen[k] = e.testAccuracy();
        }
        chart.addSeries("snapshot k alone", x, e.singleAccuracies()).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("ensemble of the first k", x, e.firstKAccuracies()).setMarker(SeriesMarkers.DIAMOND);
        String label = String.format("chosen ensemble (%s %d) %.4f", e.mode(), e.members().size(), e.testAccuracy());
        chart.addSeries(label, x, chosen).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static XYChart perIteration(List<IterationPoint> points, ToDoubleFunction<IterationPoint> y,
                                        String title, String yTitle, String series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("training iteration").yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setLegendVisible(false).setMarkerSize(0);
        int stride = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < points.size(); i += stride) {
            double v = y.applyAsDouble(points.get(i));
            if (Double.isFinite(v)) {
                xs.add((double) points.get(i).iteration());
                ys.add(v);
            }
        }
        if (xs.isEmpty()) {
            xs.add(0.0);
            ys.add(0.0);
        }
        chart.addSeries(series, xs, ys).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** @return whether the positive values span more than one decade and none is {@code <= 0} */
    static boolean spansDecades(List<IterationPoint> points, ToDoubleFunction<IterationPoint> y) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (IterationPoint p : points) {
            double v = y.applyAsDouble(p);
            if (Double.isFinite(v)) {
                if (v <= 0) {
                    return false;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > 0 && max / min > 10;
    }
}
