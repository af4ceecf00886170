package dev.nodeless.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small tar.gz archives for the extractor tests, including entries no honest {@code helm package} writes
 * (absolute paths, {@code ..}, links) and the long-name encodings it may write (ustar prefix, pax, GNU).
 */
final class TarGz {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    /** A regular file; names up to 100 bytes go in the name field, longer ones are split into ustar prefix + name. */
    TarGz file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        if (name.length() <= 100) {
            header(name, "", '0', data.length, "ustar\0", "00", "");
        } else {
            int split = name.lastIndexOf('/', 155);
            header(name.substring(split + 1), name.substring(0, split), '0', data.length, "ustar\0", "00", "");
        }
        data(data);
        return this;
    }

    /** A regular file whose name travels in a pax extended header (Go's archive/tar fallback for long names). */
    TarGz paxFile(String name, String content) {
        byte[] value = ("path=" + name + "\n").getBytes(StandardCharsets.UTF_8);
        int length = value.length + 1;
        while (String.valueOf(length).length() + 1 + value.length != length) length = String.valueOf(length).length() + 1 + value.length;
        byte[] record = (length + " path=" + name + "\n").getBytes(StandardCharsets.UTF_8);
        header("PaxHeaders/x", "", 'x', record.length, "ustar\0", "00", "");
        data(record);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name.substring(0, Math.min(100, name.length())), "", '0', data.length, "ustar\0", "00", "");
        data(data);
        return this;
    }

    /** A regular file whose name travels in a GNU {@code ././@LongLink} entry. */
    TarGz gnuLongNameFile(String name, String content) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        header("././@LongLink", "", 'L', nameBytes.length, "ustar ", " \0", "");
        data(nameBytes);
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name.substring(0, 100), "", '0', data.length, "ustar ", " \0", "");
        data(data);
        return this;
    }

    TarGz directory(String name) {
        header(name, "", '5', 0, "ustar\0", "00", "");
        return this;
    }

    TarGz symlink(String name, String target) {
        header(name, "", '2', 0, "ustar\0", "00", target);
        return this;
    }

    byte[] gzip() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(tar.toByteArray());
                gz.write(new byte[1024]); // end of archive: two zero blocks
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same archive with one header byte flipped (at {@code offset} of the first header). */
    byte[] gzipWithCorruptHeader(int offset) {
        byte[] raw = tar.toByteArray();
        raw[offset] ^= 0x01;
        tar.reset();
        tar.writeBytes(raw);
        return gzip();
    }

    private void header(String name, String prefix, char type, long size, String magic, String version, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, magic);
        put(h, 263, 2, version);
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, 8, String.format("%06o\0 ", sum));
        tar.writeBytes(h);
    }

    private void data(byte[] data) {
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length > length) throw new IllegalArgumentException(value + " is longer than " + length + " bytes");
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
