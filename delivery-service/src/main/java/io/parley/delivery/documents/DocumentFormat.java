package io.parley.delivery.documents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The file formats Parley reads, each known by its first bytes rather than by what a server says it is. */
enum DocumentFormat {
    PDF("pdf"),
    PNG("png"),
    JPEG("jpg"),
    TIFF("tif"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp");

    private final String suffix;

    DocumentFormat(String suffix) {
        this.suffix = suffix;
    }

    /** The usual file name suffix, which Tesseract's image loader goes by. */
    String suffix() {
        return suffix;
    }

    boolean isImage() {
        return this != PDF;
    }

    /** The format {@code bytes} start like, if any. */
    static Optional<DocumentFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, "%PDF-")) {
            return Optional.of(PDF);
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (startsWith(bytes, 0, "GIF87a") || startsWith(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWith(bytes, 0, "BM") && bytes.length > 14) {
            return Optional.of(BMP);
        }
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, String prefix) {
        return startsWith(bytes, offset, prefix.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] bytes, int offset, int... prefix) {
        byte[] expected = new byte[prefix.length];
        for (int i = 0; i < prefix.length; i++) {
            expected[i] = (byte) prefix[i];
        }
        return startsWith(bytes, offset, expected);
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
