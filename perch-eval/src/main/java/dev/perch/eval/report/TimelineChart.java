package dev.perch.eval.report;

import dev.perch.eval.metrics.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws HR@10 over the replay, one line per method, as a PNG (XChart). */
public final class TimelineChart {
    private TimelineChart() {}

    /** Writes {@code file} (a .png) with one series per non-empty timeline. */
    public static void write(Path file, String title, String xTitle, Map<String, Timeline> lines)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(500)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle("HR@10")
                        .build();
        chart.getStyler().setLegendVisible(true);
        int series = 0;
        for (Map.Entry<String, Timeline> line : lines.entrySet()) {
            Timeline t = line.getValue();
            if (t.labels().isEmpty()) {
                continue;
            }
            chart.addSeries(line.getKey(), t.labels(), t.hr10()).setMarker(SeriesMarkers.NONE);
            series++;
        }
        if (series == 0) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.toString();
        BitmapEncoder.saveBitmap(
                chart,
                name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
