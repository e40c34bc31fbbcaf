package io.parley.speech;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Spoken text, ready to send.
 *
 * @param audio the encoded audio, a complete file
 * @param mediaType the audio's media type, e.g. {@code audio/wav}
 * @param duration how long it plays
 * @param voice the engine's name for the voice that spoke, for logs
 */
public record SynthesizedAudio(byte[] audio, String mediaType, Duration duration, String voice) {

    public SynthesizedAudio {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(voice, "voice");
    }

    // Records compare arrays by identity and print them as [B@1f2a; compare and print the content instead.

    @Override
    public boolean equals(Object other) {
        return other instanceof SynthesizedAudio that
                && Arrays.equals(audio, that.audio)
                && mediaType.equals(that.mediaType)
                && duration.equals(that.duration)
                && voice.equals(that.voice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(audio), mediaType, duration, voice);
    }

    @Override
    public String toString() {
        return "SynthesizedAudio[" + audio.length + " bytes, " + mediaType + ", " + duration + ", voice " + voice + "]";
    }
}
