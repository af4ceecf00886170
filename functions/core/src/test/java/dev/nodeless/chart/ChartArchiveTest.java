package dev.nodeless.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar.gz extractor on archives written by our own tar writer, honest and hostile. */
class ChartArchiveTest {

    @TempDir
    Path tmp;

    private static final String CHART_YAML = "apiVersion: v2\nname: probe\nversion: 0.1.0\n";

    private Path target() throws Exception {
        return Files.createDirectories(tmp.resolve("target"));
    }

    private void extract(byte[] tgz, Path target) {
        ChartArchive.extract(tgz, "probe", target, "fetching chart probe 0.1.0");
    }

    @Test
    void chartFolder_isUnpackedWithoutItsTopFolder_longNamesInEveryEncodingIncluded() throws Exception {
        String deep = "probe/templates/" + "d".repeat(60) + "/" + "e".repeat(60) + "/ustar-prefix.yaml";
        String pax = "probe/templates/" + "p".repeat(120) + ".yaml";
        String gnu = "probe/templates/" + "g".repeat(120) + ".yaml";
        byte[] tgz = new TarGz().directory("probe/").file("probe/Chart.yaml", CHART_YAML)
                .file(deep, "prefix").paxFile(pax, "pax").gnuLongNameFile(gnu, "gnu").gzip();
        Path target = target();

        extract(tgz, target);

        assertThat(target.resolve("Chart.yaml")).hasContent(CHART_YAML);
        assertThat(target.resolve(deep.substring("probe/".length()))).hasContent("prefix");
        assertThat(target.resolve(pax.substring("probe/".length()))).hasContent("pax");
        assertThat(target.resolve(gnu.substring("probe/".length()))).hasContent("gnu");
        assertThat(target.resolve("probe")).doesNotExist();
    }

    @Test
    void dotDotEntry_isRejected_andNothingLandsOutsideTheTarget() throws Exception {
        byte[] tgz = new TarGz().file("probe/Chart.yaml", CHART_YAML).file("probe/../../escaped.txt", "owned").gzip();

        assertThatThrownBy(() -> extract(tgz, target()))
                .isInstanceOf(ChartRenderException.class)
                .hasMessage("fetching chart probe 0.1.0: refusing the archive: entry 'probe/../../escaped.txt' contains '..'");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void absolutePath_isRejected() {
        byte[] tgz = new TarGz().file("/etc/probe", "owned").gzip();

        assertThatThrownBy(() -> extract(tgz, target()))
                .hasMessageEndingWith("entry '/etc/probe' has an absolute path");
    }

    @Test
    void entryOutsideTheChartsTopFolder_isRejected() {
        byte[] tgz = new TarGz().file("probe/Chart.yaml", CHART_YAML).file("other/values.yaml", "x: 1").gzip();

        assertThatThrownBy(() -> extract(tgz, target()))
                .hasMessageEndingWith("entry 'other/values.yaml' lies outside the chart's top folder probe/");
    }

    @Test
    void symlink_isRejected_evenInsideTheChart() {
        byte[] tgz = new TarGz().file("probe/Chart.yaml", CHART_YAML).symlink("probe/templates/link.yaml", "/etc/passwd").gzip();

        assertThatThrownBy(() -> extract(tgz, target()))
                .hasMessageEndingWith("entry 'probe/templates/link.yaml' is a symbolic link; charts contain only files");
    }

    @Test
    void corruptHeader_failsItsChecksum() {
        byte[] tgz = new TarGz().file("probe/Chart.yaml", CHART_YAML).gzipWithCorruptHeader(3);

        assertThatThrownBy(() -> extract(tgz, target()))
                .hasMessageEndingWith("a header fails its checksum (corrupted archive)");
    }

    @Test
    void archiveWithoutChartYaml_isRejected() {
        byte[] tgz = new TarGz().file("probe/values.yaml", "x: 1").gzip();

        assertThatThrownBy(() -> extract(tgz, target()))
                .hasMessage("fetching chart probe 0.1.0: the archive has no probe/Chart.yaml");
    }

    @Test
    void notGzip_failsAsUnreadable() {
        assertThatThrownBy(() -> extract("<html>rate limited</html>".getBytes(), target()))
                .isInstanceOf(ChartRenderException.class)
                .hasMessageStartingWith("fetching chart probe 0.1.0: the archive is not a readable tar.gz");
    }

}
