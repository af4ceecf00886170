package dev.nodeless.sim;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Buffer replicas and Pending displaced pods over time, one line per strategy, and the cost-versus-pending trade-off,
 * as PNGs (JFreeChart, headless).
 */
public final class Chart {

    private static final Color[] COLORS = {
            new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x2ca02c)};
    /** Points per line: each is the time-weighted mean over its bucket, so the area under a line is pod-seconds. */
    private static final int BUCKETS = 720;

    private Chart() {}

    public static Path write(Comparison c, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis hours = new NumberAxis("hours");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(hours);
        plot.setGap(12);
        long bucket = bucket(c);
        String per = bucket >= 60_000 ? (bucket / 60_000) + " min" : (bucket / 1000) + " s";
        plot.add(subplot(c, "buffer replicas", m -> m.replicas, true), 1);
        plot.add(subplot(c, "Pending displaced pods (mean per " + per + ")", m -> m.pending, false), 1);
        JFreeChart chart = new JFreeChart(c.scenario().name() + " (seed " + c.seed() + ")", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path file = dir.resolve(c.scenario().name() + ".png");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 800);
        return file;
    }

    /**
     * The trade-off at a glance: one point per strategy, its true price ({@code extra $}: node cost over "none", same
     * run) against its pending pod-seconds. Lower left is better.
     */
    public static Path writeTradeoff(Comparison c, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        for (Metrics m : c.rows()) {
            XYSeries point = new XYSeries(m.strategy, false, true);
            point.add(c.extraUsd(m), m.pendingPodSeconds());
            data.addSeries(point);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        NumberAxis cost = new NumberAxis("extra $ (node cost over none, same run)");
        cost.setUpperMargin(0.2); // room for the rightmost label
        NumberAxis pending = new NumberAxis("pending pod-seconds");
        pending.setUpperMargin(0.08);
        XYPlot plot = new XYPlot(data, cost, pending, renderer);
        for (int i = 0; i < c.rows().size(); i++) {
            Metrics m = c.rows().get(i);
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
            XYTextAnnotation label = new XYTextAnnotation("  " + m.strategy, c.extraUsd(m), m.pendingPodSeconds());
            label.setTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(c.scenario().name() + " (seed " + c.seed() + "): cost versus pending",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Path file = dir.resolve(c.scenario().name() + "-tradeoff.png");
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 600);
        return file;
    }

    private static XYPlot subplot(Comparison c, String label, Function<Metrics, Series> series, boolean legend) {
        XYSeriesCollection data = new XYSeriesCollection();
        long horizon = c.scenario().horizonMillis();
        long bucket = bucket(c);
        for (Metrics m : c.rows()) data.addSeries(bucketed(m.strategy, series.apply(m), horizon, bucket));
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setDefaultSeriesVisibleInLegend(legend);
        for (int i = 0; i < c.rows().size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            boolean nodeless = c.rows().get(i).strategy.equals("nodeless");
            renderer.setSeriesStroke(i, new BasicStroke(nodeless ? 2.2f : 1.3f));
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // Nodeless, the last, on top
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static long bucket(Comparison c) {
        return Math.max(1000, c.scenario().horizonMillis() / BUCKETS);
    }

    /** One sweep: the time-weighted mean of the step function in each bucket, x in hours at the bucket start. */
    static XYSeries bucketed(String name, Series s, long horizon, long bucket) {
        XYSeries out = new XYSeries(name, false, true);
        int i = 0;
        int current = 0;
        for (long from = 0; from < horizon; from += bucket) {
            long to = Math.min(from + bucket, horizon);
            double area = 0;
            long t = from;
            while (i < s.size() && s.time(i) < to) {
                long at = Math.max(s.time(i), from);
                area += (double) current * (at - t);
                t = at;
                current = s.value(i);
                i++;
            }
            area += (double) current * (to - t);
            out.add(from / 3_600_000.0, area / (to - from));
        }
        out.add(horizon / 3_600_000.0, current);
        return out;
    }
}
