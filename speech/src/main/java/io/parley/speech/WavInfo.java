package io.parley.speech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The format and length of a RIFF/WAVE file, read from its header. */
record WavInfo(int audioFormat, int channels, int sampleRate, int bitsPerSample, long dataBytes) {

    static final int PCM = 1;

    /**
     * @param head the start of the file, at least up to the {@code data} chunk's header
     * @param fileSize the whole file's size; a streamed file's header may claim more data than there is
     * @throws IllegalArgumentException when it is not a RIFF/WAVE file with a format and a data chunk
     */
    static WavInfo read(byte[] head, long fileSize) {
        ByteBuffer buffer = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 12 || !"RIFF".equals(fourCc(buffer, 0)) || !"WAVE".equals(fourCc(buffer, 8))) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int position = 12;
        Integer audioFormat = null;
        int channels = 0;
        int sampleRate = 0;
        int bitsPerSample = 0;
        while (position + 8 <= head.length) {
            String id = fourCc(buffer, position);
            long size = Integer.toUnsignedLong(buffer.getInt(position + 4));
            int body = position + 8;
            if ("fmt ".equals(id)) {
                if (body + 16 > head.length) {
                    break;
                }
                audioFormat = Short.toUnsignedInt(buffer.getShort(body));
                channels = Short.toUnsignedInt(buffer.getShort(body + 2));
                sampleRate = buffer.getInt(body + 4);
                bitsPerSample = Short.toUnsignedInt(buffer.getShort(body + 14));
            } else if ("data".equals(id)) {
                if (audioFormat == null) {
                    throw new IllegalArgumentException("WAVE data chunk before its fmt chunk");
                }
                if (channels == 0 || sampleRate <= 0 || bitsPerSample == 0) {
                    throw new IllegalArgumentException("WAVE fmt chunk describes no audio");
                }
                return new WavInfo(audioFormat, channels, sampleRate, bitsPerSample, Math.min(size, fileSize - body));
            }
            position = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new IllegalArgumentException("no WAVE fmt and data chunks");
    }

    static WavInfo read(byte[] wholeFile) {
        return read(wholeFile, wholeFile.length);
    }

    long frames() {
        return dataBytes / ((long) channels * ((bitsPerSample + 7) / 8));
    }

    Duration duration() {
        return Duration.ofNanos(Math.round(frames() * 1e9 / sampleRate));
    }

    private static String fourCc(ByteBuffer buffer, int position) {
        byte[] id = new byte[4];
        buffer.get(position, id);
        return new String(id, StandardCharsets.US_ASCII);
    }
}
