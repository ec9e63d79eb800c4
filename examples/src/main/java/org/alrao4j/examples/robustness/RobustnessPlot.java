package org.alrao4j.examples.robustness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@value #FILE}: test accuracy against the learning rate for the SGD grid (log x axis, mean with &plusmn; std
 * error bars), and every other arm as a horizontal band (its mean as a line, mean &plusmn; std shaded) across
 * the grid.
 */
public final class RobustnessPlot {

    /** The plot's file name. */
    public static final String FILE = "robustness.png";
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
        new Color(0xFF7F0E), new Color(0x8C564B), new Color(0x17BECF), new Color(0xE377C2)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private RobustnessPlot() {
    }

    /**
     * @param summaries the arms
     * @param title     the chart title
     * @param file      the PNG to write
     * @throws IOException if it cannot be written
     */
    public static void write(List<ArmSummary> summaries, String title, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart(summaries, title), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** @return the chart */
    static XYChart chart(List<ArmSummary> summaries, String title) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("SGD learning rate (log scale)").yAxisTitle("test accuracy (%), mean ± std over seeds").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setMarkerSize(8);
        List<ArmSummary> grid = summaries.stream().filter(s -> s.arm().sgdGrid() && s.accuracy().n() > 0).toList();
        double[] x = grid.stream().mapToDouble(s -> s.arm().lr()).toArray();
        double lo = grid.isEmpty() ? 1e-5 : Arrays.stream(x).min().getAsDouble() / 2;
        double hi = grid.isEmpty() ? 10 : Arrays.stream(x).max().getAsDouble() * 2;
        int c = 0;
        for (ArmSummary s : summaries) {
            if (!s.arm().sgdGrid() && s.accuracy().n() > 0) {
                band(chart, s, lo, hi, COLORS[c++ % COLORS.length]);
            }
        }
        if (!grid.isEmpty()) {
            double[] y = grid.stream().mapToDouble(s -> 100 * s.accuracy().mean()).toArray();
            double[] err = grid.stream().mapToDouble(s -> Double.isNaN(s.accuracy().std()) ? 0
                    : 100 * s.accuracy().std()).toArray();
            XYSeries sgd = chart.addSeries("SGD (mean ± std)", x, y, err);
            sgd.setMarker(SeriesMarkers.CIRCLE);
            sgd.setMarkerColor(Color.BLUE);
            sgd.setLineColor(Color.BLUE);
        }
        return chart;
    }

    private static void band(XYChart chart, ArmSummary s, double lo, double hi, Color color) {
        double mean = 100 * s.accuracy().mean();
        double std = Double.isNaN(s.accuracy().std()) ? 0 : 100 * s.accuracy().std();
        XYSeries area = chart.addSeries(s.arm().name() + " ± std", new double[] {lo, hi, hi, lo, lo},
                new double[] {mean - std, mean - std, mean + std, mean + std, mean - std});
        area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        area.setMarker(SeriesMarkers.NONE);
        area.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
        area.setLineColor(new Color(0, 0, 0, 0));
        area.setShowInLegend(false);
        XYSeries line = chart.addSeries(s.arm().name(), new double[] {lo, hi}, new double[] {mean, mean});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        line.setLineStyle(new BasicStroke(2f));
    }
}
