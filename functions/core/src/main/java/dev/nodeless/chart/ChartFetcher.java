package dev.nodeless.chart;

/** Gets a packaged chart (the {@code .tgz} Helm publishes) from where it is published. */
public interface ChartFetcher {

    /**
     * @return the archive's bytes, already checked against the digest its repository or registry publishes
     * @throws RetryableChartException when the repository is briefly unavailable (429, 5xx, connection, timeout)
     * @throws ChartRenderException    when the chart or version does not exist, or the archive fails its digest check;
     *                                 the message names the chart, the version and the URL
     */
    byte[] fetch(String chart, String version);
}
