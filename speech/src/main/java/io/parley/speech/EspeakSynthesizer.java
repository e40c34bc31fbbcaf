package io.parley.speech;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Offline text to speech with eSpeak NG: robotic but intelligible, in about a hundred languages, among them
 * English, Afrikaans and Setswana (not isiZulu, isiXhosa or Sesotho). Answers WAV, 22.05 kHz mono 16-bit.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    public static final String VENDOR = "espeak-ng";
    public static final String MEDIA_TYPE = "audio/wav";

    private final EspeakSettings settings;
    private final EngineRunner runner;
    /** Listed once, on first use; espeak-ng's voices do not change while we run. */
    private volatile EspeakVoices voices;

    public EspeakSynthesizer(EspeakSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = new EngineRunner(VENDOR, settings.maxConcurrency(), settings.timeout());
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    @Override
    public boolean supports(Locale language) {
        return voiceFor(language).isPresent();
    }

    /**
     * The {@code -v} argument espeak-ng speaks the language with, e.g. {@code gmw/en-US+klatt} for en-US,
     * {@code gmw/en+klatt} (British) for en-ZA.
     *
     * @throws SpeechEngineException when espeak-ng cannot list its voices
     */
    public Optional<String> voiceFor(Locale language) {
        Objects.requireNonNull(language, "language");
        return voices().voiceFor(language)
                .map(voice -> settings.variant().isEmpty() ? voice.file() : voice.file() + "+" + settings.variant());
    }

    @Override
    public SynthesizedAudio synthesize(String text, Locale language) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("Nothing to say: the text is blank");
        }
        if (text.length() > settings.maxTextLength()) {
            throw new IllegalArgumentException("The text has " + text.length() + " chars; " + VENDOR + " speaks at most "
                    + settings.maxTextLength());
        }
        String voice = voiceFor(language).orElseThrow(
                () -> new IllegalArgumentException(VENDOR + " has no voice for " + language.toLanguageTag()));
        return runner.inSlot(() -> {
            try (WorkDirectory dir = WorkDirectory.create()) {
                // The text goes in a file, never on the command line, where "-w /etc/x" would be an option.
                Path textFile = dir.resolve("text.txt");
                Path wavFile = dir.resolve("speech.wav");
                write(textFile, text);
                List<String> command = List.of(settings.espeakNg().toString(),
                        "-v", voice,
                        "-s", Integer.toString(settings.wordsPerMinute()),
                        "-b", "1", // the text is UTF-8, whatever the server's locale
                        "-f", textFile.toString(),
                        "-w", wavFile.toString()); // a file, not --stdout: only then does it write the WAV's lengths
                EngineRunner.Run run = runner.run(command, dir);
                if (run.exitCode() != 0) {
                    throw new SpeechEngineException(VENDOR + " failed (exit " + run.exitCode() + "): " + run.stderr().strip());
                }
                byte[] wav = read(wavFile);
                WavInfo info;
                try {
                    info = WavInfo.read(wav);
                } catch (IllegalArgumentException e) {
                    throw new SpeechEngineException(VENDOR + " wrote an unreadable WAV file: " + e.getMessage(), e);
                }
                return new SynthesizedAudio(wav, MEDIA_TYPE, info.duration(), voice);
            }
        });
    }

    private EspeakVoices voices() {
        EspeakVoices listed = voices;
        if (listed == null) {
            // Racing threads may both list; the lists are the same.
            try (WorkDirectory dir = WorkDirectory.create()) {
                EngineRunner.Run run = runner.run(List.of(settings.espeakNg().toString(), "--voices"), dir);
                if (run.exitCode() != 0) {
                    throw new SpeechEngineException(VENDOR + " cannot list its voices (exit " + run.exitCode() + "): "
                            + run.stderr().strip());
                }
                listed = EspeakVoices.parse(run.stdout());
            }
            if (listed.all().isEmpty()) {
                throw new SpeechEngineException(VENDOR + " listed no voices");
            }
            voices = listed;
        }
        return listed;
    }

    private static void write(Path file, String text) {
        try {
            // getBytes, unlike writeString, replaces a lone surrogate instead of failing.
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpeechEngineException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpeechEngineException(VENDOR + " wrote no audio: " + e.getMessage(), e);
        }
    }
}
