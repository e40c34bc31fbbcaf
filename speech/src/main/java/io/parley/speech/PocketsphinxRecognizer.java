package io.parley.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Offline speech to text: sox turns any audio it can read (WAV at any rate, FLAC, Ogg Vorbis, AIFF...; not
 * MP3 without Debian's libsox-fmt-mp3) into 16 kHz mono 16-bit PCM, and CMU pocketsphinx transcribes that.
 * Accuracy on real callers is modest, and telephone audio (8 kHz) is heard poorly by the 16 kHz model: it
 * is the engine for deployments without a cloud vendor, and for tests.
 */
public final class PocketsphinxRecognizer implements SpeechRecognizer {

    public static final String VENDOR = "pocketsphinx";

    private static final int SAMPLE_RATE = 16_000;
    private static final int BYTES_PER_SAMPLE = 2;
    /** Silence added at each end: the decoder's voice detector misses words that start on the first frame. */
    private static final Duration PADDING = Duration.ofMillis(500);
    /** Decoded beyond the limit, so that longer audio shows as longer. */
    private static final Duration OVERRUN = Duration.ofMillis(100);

    private static final Pattern LOG_LINE = Pattern.compile("^(INFO|WARN|WARNING|ERROR|FATAL)\\b.*");
    /** Sentence markers, fillers and alternate pronunciations, in case a build prints them. */
    private static final Pattern NON_WORD = Pattern.compile("<[^>]*>|\\[[^]]*]|\\+\\+[^+]*\\+\\+|\\(\\d+\\)");

    private final PocketsphinxSettings settings;
    private final EngineRunner runner;

    public PocketsphinxRecognizer(PocketsphinxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = new EngineRunner(VENDOR, settings.maxConcurrency(), settings.timeout());
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    @Override
    public boolean supports(Locale language) {
        return model(language).isPresent();
    }

    @Override
    public Transcript transcribe(byte[] audio, Locale language) {
        Objects.requireNonNull(audio, "audio");
        PocketsphinxModel model = model(language)
                .orElseThrow(() -> new IllegalArgumentException(VENDOR + " has no model for " + language.toLanguageTag()));
        if (audio.length == 0) {
            throw new UnreadableAudioException(UnreadableAudioException.Reason.EMPTY, "The audio file is empty");
        }
        if (audio.length > settings.maxAudioBytes()) {
            throw new UnreadableAudioException(UnreadableAudioException.Reason.TOO_LARGE, "The audio file has "
                    + audio.length + " bytes; at most " + settings.maxAudioBytes() + " are accepted");
        }
        return runner.inSlot(() -> {
            try (WorkDirectory dir = WorkDirectory.create()) {
                Path speech = decode(audio, dir);
                Duration duration = speechDuration(speech);
                String text = hypothesis(recognize(speech, model, dir));
                return new Transcript(text, language, duration);
            }
        });
    }

    private Optional<PocketsphinxModel> model(Locale language) {
        // A language and country model wins over the language's.
        return settings.models().stream()
                .filter(model -> model.serves(language))
                .max((a, b) -> Integer.compare(a.language().length(), b.language().length()));
    }

    /** Decodes the upload, whatever its format, to the decoder's PCM WAV, cut just past the duration limit. */
    private Path decode(byte[] audio, WorkDirectory dir) {
        // No file name extension: sox then detects the format from the content. The client's file name may
        // lie, and an extension like .m3u would make sox read it as a playlist of other files.
        Path upload = dir.resolve("upload");
        Path speech = dir.resolve("speech.wav");
        try {
            Files.write(upload, audio);
        } catch (IOException e) {
            throw new SpeechEngineException("Cannot write the upload to " + upload + ": " + e.getMessage(), e);
        }
        List<String> command = List.of(settings.sox().toString(),
                "-V1", // failures only
                "-D", // no dither, so the same upload always gives the same samples and the same transcript
                upload.toString(),
                "-t", "wav", "-e", "signed-integer", "-b", "16", speech.toString(),
                "trim", "0", seconds(settings.maxAudioDuration().plus(OVERRUN)),
                "remix", "-", // all channels to one
                "gain", "-3", // headroom, or resampling clips loud uploads
                "rate", Integer.toString(SAMPLE_RATE),
                "pad", seconds(PADDING), seconds(PADDING));
        EngineRunner.Run run = runner.run(command, dir);
        if (run.exitCode() != 0) {
            String message = soxMessage(run.stderr(), upload);
            // sox exits with 2 for failures while processing; anything else, or trouble with its output,
            // is ours.
            if (run.exitCode() != 2 || run.stderr().contains(speech.toString())) {
                throw new SpeechEngineException("sox failed (exit " + run.exitCode() + "): " + run.stderr().strip());
            }
            throw new UnreadableAudioException(UnreadableAudioException.Reason.UNDECODABLE,
                    "The audio could not be decoded: " + message);
        }
        return speech;
    }

    private Duration speechDuration(Path speech) {
        WavInfo wav;
        try (InputStream in = Files.newInputStream(speech)) {
            wav = WavInfo.read(in.readNBytes(4096), Files.size(speech));
        } catch (IOException | IllegalArgumentException e) {
            throw new SpeechEngineException("sox wrote an unreadable WAV file: " + e.getMessage(), e);
        }
        long paddingSamples = 2 * PADDING.toMillis() * SAMPLE_RATE / 1000;
        long samples = wav.dataBytes() / BYTES_PER_SAMPLE - paddingSamples;
        if (samples <= 0) {
            throw new UnreadableAudioException(UnreadableAudioException.Reason.EMPTY, "The audio file holds no sound");
        }
        Duration duration = Duration.ofMillis(samples * 1000 / SAMPLE_RATE);
        if (duration.compareTo(settings.maxAudioDuration()) > 0) {
            throw new UnreadableAudioException(UnreadableAudioException.Reason.TOO_LONG, "The audio is longer than "
                    + settings.maxAudioDuration().toSeconds() + " s");
        }
        return duration;
    }

    private String recognize(Path speech, PocketsphinxModel model, WorkDirectory dir) {
        List<String> command = List.of(settings.pocketsphinx().toString(),
                "-infile", speech.toString(),
                "-samprate", Integer.toString(SAMPLE_RATE),
                "-hmm", model.acousticModel().toString(),
                "-lm", model.languageModel().toString(),
                "-dict", model.dictionary().toString());
        EngineRunner.Run run = runner.run(command, dir);
        if (run.exitCode() != 0) {
            throw new SpeechEngineException(VENDOR + " failed (exit " + run.exitCode() + "): " + errors(run.stderr()));
        }
        return run.stdout();
    }

    /**
     * The words in pocketsphinx_continuous's output: one line per utterance its voice detector found,
     * possibly none. Log lines (normally on stderr) and non-word tokens are dropped.
     */
    static String hypothesis(String stdout) {
        List<String> words = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || LOG_LINE.matcher(trimmed).matches()) {
                continue;
            }
            for (String word : NON_WORD.matcher(trimmed).replaceAll(" ").split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return String.join(" ", words);
    }

    /** pocketsphinx logs hundreds of lines; its ERROR and FATAL lines say what went wrong. */
    private static String errors(String stderr) {
        String errors = stderr.lines()
                .filter(line -> line.startsWith("ERROR") || line.startsWith("FATAL"))
                .collect(Collectors.joining("; "));
        if (!errors.isEmpty()) {
            return errors;
        }
        List<String> lines = stderr.lines().toList();
        return String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** sox's own words, without the temporary path, which is no business of the client's. */
    private static String soxMessage(String stderr, Path upload) {
        String message = stderr.strip()
                .replace("`" + upload + "'", "the upload")
                .replace(upload.toString(), "the upload")
                .replaceFirst("^\\S+ FAIL ", ""); // "/usr/bin/sox FAIL formats: ..."
        return message.isEmpty() ? "sox gave no reason" : message;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }
}
