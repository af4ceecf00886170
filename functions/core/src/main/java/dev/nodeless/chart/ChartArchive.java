package dev.nodeless.chart;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a packaged chart ({@code .tgz}, as {@code helm package} writes it) safely: every entry must lie inside the
 * chart's single top folder {@code <chart>/}, no absolute paths, no {@code ..}, no links or devices; sizes are bounded.
 * Reads the tar format itself (POSIX ustar with its name prefix, pax extended headers, GNU long names), so no archive
 * library is needed; Go's archive/tar, which Helm uses, writes ustar and falls back to pax for long names.
 */
final class ChartArchive {

    private static final int BLOCK = 512;
    /** A chart unpacks to well under a megabyte; this stops a decompression bomb long before /tmp fills up. */
    static final long MAX_UNPACKED_BYTES = 64L << 20;
    private static final int MAX_ENTRIES = 10_000;
    private static final int MAX_HEADER_DATA = 1 << 20;

    private ChartArchive() {}

    /**
     * Writes the entries {@code <chart>/<path>} to {@code target/<path>}.
     *
     * @param target an existing empty folder
     * @throws ChartRenderException naming the offending entry when the archive is unsafe or malformed
     */
    static void extract(byte[] tgz, String chart, Path target, String what) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            new Reader(in, chart, target, what).run();
        } catch (IOException e) {
            throw new ChartRenderException(what + ": the archive is not a readable tar.gz: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(target.resolve("Chart.yaml"))) {
            throw new ChartRenderException(what + ": the archive has no " + chart + "/Chart.yaml");
        }
    }

    private static final class Reader {
        private final InputStream in;
        private final String chart;
        private final Path target;
        private final String what;
        private long unpacked;
        private int entries;
        /** Set by a pax or GNU header, applies to the next entry only. */
        private String longName;
        private Long paxSize;

        Reader(InputStream in, String chart, Path target, String what) {
            this.in = in;
            this.chart = chart;
            this.target = target;
            this.what = what;
        }

        void run() throws IOException {
            byte[] header = new byte[BLOCK];
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) throw new EOFException("archive ends inside a header (no end-of-archive blocks)");
                if (isZero(header)) return; // end of archive
                if (++entries > MAX_ENTRIES) throw unsafe("more than " + MAX_ENTRIES + " entries");
                checkChecksum(header);
                char type = (char) header[156];
                long size = paxSize != null && isFile(type) ? paxSize : number(header, 124, 12);
                switch (type) {
                    case 'x' -> readPax(data(size, MAX_HEADER_DATA));
                    case 'L' -> longName = cString(data(size, MAX_HEADER_DATA), 0, (int) size);
                    case 'g', 'K' -> skip(size);
                    default -> entry(type, name(header), size);
                }
            }
        }

        private void entry(char type, String name, long size) throws IOException {
            longName = null;
            paxSize = null;
            Path dest = destination(name);
            if (type == '5') {
                if (dest != null) Files.createDirectories(dest);
                skip(size);
            } else if (isFile(type)) {
                if (dest == null) throw unsafe("entry '" + name + "' is a file in place of the top folder");
                unpacked += size;
                if (unpacked > MAX_UNPACKED_BYTES) throw unsafe("it unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                Files.createDirectories(dest.getParent());
                try (OutputStream out = Files.newOutputStream(dest)) {
                    copy(size, out);
                }
                skipPadding(size);
            } else if (type == '1' || type == '2') {
                throw unsafe("entry '" + name + "' is a " + (type == '1' ? "hard" : "symbolic") + " link; charts contain only files");
            } else {
                throw unsafe("entry '" + name + "' has tar type '" + type + "'; charts contain only files and folders");
            }
        }

        /** The path under {@code target}, or null for the top folder itself. */
        private Path destination(String name) {
            if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")) throw unsafe("entry '" + name + "' has an absolute path");
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (part.equals("..")) throw unsafe("entry '" + name + "' contains '..'");
                if (!part.isEmpty() && !part.equals(".")) parts.add(part);
            }
            if (parts.isEmpty() || !parts.get(0).equals(chart)) throw unsafe("entry '" + name + "' lies outside the chart's top folder " + chart + "/");
            if (parts.size() == 1) return null;
            Path dest = target.resolve(String.join("/", parts.subList(1, parts.size()))).normalize();
            if (!dest.startsWith(target)) throw unsafe("entry '" + name + "' resolves outside the chart folder");
            return dest;
        }

        private String name(byte[] h) {
            if (longName != null) return longName;
            String name = cString(h, 0, 100);
            // POSIX ustar ("ustar\0"): names longer than 100 bytes keep their leading folders in the prefix field.
            // GNU tar ("ustar  ") uses those bytes for other fields.
            boolean posix = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r' && h[262] == 0;
            String prefix = posix ? cString(h, 345, 155) : "";
            return prefix.isEmpty() ? name : prefix + "/" + name;
        }

        /** Pax records are {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
        private void readPax(byte[] data) {
            int pos = 0;
            while (pos < data.length) {
                int space = indexOf(data, (byte) ' ', pos);
                if (space < 0) throw unsafe("a pax header is malformed");
                int length;
                try {
                    length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw unsafe("a pax header has a bad record length");
                }
                if (length <= space - pos || pos + length > data.length) throw unsafe("a pax header has a bad record length");
                String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq > 0) {
                    String key = record.substring(0, eq);
                    String value = record.substring(eq + 1);
                    if (key.equals("path")) longName = value;
                    if (key.equals("size")) paxSize = paxNumber(value);
                }
                pos += length;
            }
        }

        private long paxNumber(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw unsafe("a pax header has a malformed size '" + value + "'");
            }
        }

        private byte[] data(long size, int max) throws IOException {
            if (size > max) throw unsafe("a header entry of " + size + " bytes");
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) throw new EOFException("archive ends inside an entry");
            skipPadding(size);
            return data;
        }

        private void copy(long size, OutputStream out) throws IOException {
            byte[] buffer = new byte[8192];
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) throw new EOFException("archive ends inside an entry");
                out.write(buffer, 0, n);
                left -= n;
            }
        }

        private void skip(long size) throws IOException {
            copy(size, OutputStream.nullOutputStream());
            skipPadding(size);
        }

        private void skipPadding(long size) throws IOException {
            int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
            if (in.readNBytes(padding).length < padding) throw new EOFException("archive ends inside an entry");
        }

        private void checkChecksum(byte[] h) {
            long stored = number(h, 148, 8);
            long unsigned = 0;
            long signed = 0;
            for (int i = 0; i < BLOCK; i++) {
                byte b = (i >= 148 && i < 156) ? (byte) ' ' : h[i];
                unsigned += b & 0xff;
                signed += b;
            }
            if (stored != unsigned && stored != signed) throw unsafe("a header fails its checksum (corrupted archive)");
        }

        /** Octal, NUL or space terminated; or base-256 when the first byte's high bit is set (GNU, for big sizes). */
        private long number(byte[] h, int offset, int length) {
            if ((h[offset] & 0x80) != 0) {
                long value = h[offset] & 0x7f;
                for (int i = offset + 1; i < offset + length; i++) value = (value << 8) | (h[i] & 0xff);
                return value;
            }
            String text = cString(h, offset, length).trim();
            if (text.isEmpty()) return 0;
            try {
                return Long.parseLong(text, 8);
            } catch (NumberFormatException e) {
                throw unsafe("a header has a malformed number '" + text + "'");
            }
        }

        private ChartRenderException unsafe(String why) {
            return new ChartRenderException(what + ": refusing the archive: " + why);
        }
    }

    private static boolean isFile(char type) {
        return type == '0' || type == '\0' || type == '7';
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) end++;
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == value) return i;
        return -1;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }
}
