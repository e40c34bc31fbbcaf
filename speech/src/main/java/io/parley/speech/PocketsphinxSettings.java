package io.parley.speech;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run the offline recognizer. {@link #debianDefaults()} suits Debian's {@code pocketsphinx},
 * {@code pocketsphinx-en-us} and {@code sox} packages.
 *
 * @param sox the sox executable, which decodes any upload and resamples it for the decoder
 * @param pocketsphinx the {@code pocketsphinx_continuous} executable
 * @param models the models, one per language
 * @param timeout the longest one sox or pocketsphinx run may take, and the longest a call waits for a slot
 * @param maxConcurrency how many transcriptions may run at once; each keeps a core busy
 * @param maxAudioDuration longer uploads are refused
 * @param maxAudioBytes larger uploads are refused
 */
public record PocketsphinxSettings(
        Path sox,
        Path pocketsphinx,
        List<PocketsphinxModel> models,
        Duration timeout,
        int maxConcurrency,
        Duration maxAudioDuration,
        long maxAudioBytes) {

    public PocketsphinxSettings {
        Objects.requireNonNull(sox, "sox");
        Objects.requireNonNull(pocketsphinx, "pocketsphinx");
        models = List.copyOf(models);
        requirePositive(timeout, "timeout");
        requirePositive(maxAudioDuration, "maxAudioDuration");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
        if (maxAudioBytes < 1) {
            throw new IllegalArgumentException("maxAudioBytes must be at least 1: " + maxAudioBytes);
        }
    }

    /**
     * Debian's executables and US English model; a 30 s timeout (60 s of speech decodes in about 14 s on
     * one core), 2 at once, and uploads up to 60 s and 16 MiB (60 s of 48 kHz stereo WAV is 11 MiB).
     */
    public static PocketsphinxSettings debianDefaults() {
        return new PocketsphinxSettings(Path.of("/usr/bin/sox"), Path.of("/usr/bin/pocketsphinx_continuous"),
                List.of(PocketsphinxModel.debianEnglish()), Duration.ofSeconds(30), 2, Duration.ofSeconds(60),
                16L * 1024 * 1024);
    }

    static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
