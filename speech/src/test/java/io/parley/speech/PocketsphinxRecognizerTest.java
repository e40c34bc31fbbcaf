package io.parley.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Round trips through the real engines. eSpeak NG's plain voice is mostly misheard by pocketsphinx's US
 * English model ("what time is it" -> "what on"); its klatt variant, the synthesizer's default, is heard
 * word for word in these phrases.
 */
class PocketsphinxRecognizerTest {

    private static final PocketsphinxSettings DEFAULTS = PocketsphinxSettings.debianDefaults();
    private static final PocketsphinxRecognizer POCKETSPHINX = new PocketsphinxRecognizer(DEFAULTS);
    private static final EspeakSynthesizer ESPEAK = new EspeakSynthesizer(EspeakSettings.debianDefaults());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "What time is it?             | what time is it",
            "What are your opening hours? | what are your opening hours",
            "I want to check my balance.  | i want to check my balance"})
    void shouldHearWhatEspeakSaid(String question, String heard) {
        SynthesizedAudio spoken = ESPEAK.synthesize(question, Locale.US);

        Transcript transcript = POCKETSPHINX.transcribe(spoken.audio(), Locale.US);

        assertThat(transcript.text()).isEqualTo(heard);
        assertThat(transcript.language()).isEqualTo(Locale.US);
        assertThat(transcript.audioDuration()).isCloseTo(spoken.duration(), Duration.ofMillis(20));
    }

    @Test
    void shouldHearTheSameWordsEveryTimeAlsoWhenCalledConcurrently() throws Exception {
        byte[] audio = ESPEAK.synthesize("What are your opening hours?", Locale.US).audio();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Transcript>> calls = IntStream.range(0, 6)
                    .mapToObj(i -> callers.submit(() -> POCKETSPHINX.transcribe(audio, Locale.US)))
                    .toList();
            for (Future<Transcript> call : calls) {
                assertThat(call.get().text()).isEqualTo("what are your opening hours");
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"44.1 kHz stereo WAV", "48 kHz 24-bit WAV", "FLAC", "Ogg Vorbis", "AIFF", "Sun AU"})
    void shouldConvertOtherRatesChannelsAndFormats(String format) throws Exception {
        byte[] espeak = ESPEAK.synthesize("What are your opening hours?", Locale.US).audio();
        byte[] upload = switch (format) {
            case "44.1 kHz stereo WAV" -> Sox.convert(espeak, "wav", "-r", "44100", "-c", "2");
            case "48 kHz 24-bit WAV" -> Sox.convert(espeak, "wav", "-r", "48000", "-b", "24");
            case "FLAC" -> Sox.convert(espeak, "flac");
            case "Ogg Vorbis" -> Sox.convert(espeak, "ogg");
            case "AIFF" -> Sox.convert(espeak, "aiff");
            case "Sun AU" -> Sox.convert(espeak, "au");
            default -> throw new IllegalArgumentException(format);
        };
        if (format.startsWith("44.1")) {
            WavInfo info = WavInfo.read(upload);
            assertThat(info.sampleRate()).isEqualTo(44_100);
            assertThat(info.channels()).isEqualTo(2);
        }

        Transcript transcript = POCKETSPHINX.transcribe(upload, Locale.forLanguageTag("en-ZA"));

        assertThat(transcript.text()).contains("opening hours");
    }

    @Test
    void shouldDecodeTelephoneAudioThoughTheWidebandModelHearsItPoorly() throws Exception {
        SynthesizedAudio spoken = ESPEAK.synthesize("What are your opening hours?", Locale.US);
        byte[] telephone = Sox.convert(spoken.audio(), "wav", "-r", "8000");

        Transcript transcript = POCKETSPHINX.transcribe(telephone, Locale.US);

        // Heard as "what are you on the na": nothing above 4 kHz, which the 16 kHz model listens to.
        assertThat(transcript.audioDuration()).isCloseTo(spoken.duration(), Duration.ofMillis(20));
        assertThat(transcript.text()).isNotEmpty();
    }

    @Test
    void shouldHearNothingInSilence() throws Exception {
        Transcript transcript = POCKETSPHINX.transcribe(Sox.silence(2), Locale.ENGLISH);

        assertThat(transcript.isEmpty()).as("heard '%s'", transcript.text()).isTrue();
        assertThat(transcript.audioDuration()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldRefuseBytesThatAreNotAudioWithSoxsReasonAndNoServerPath() {
        byte[] garbage = new byte[3000];
        new java.util.Random(42).nextBytes(garbage);

        assertThatThrownBy(() -> POCKETSPHINX.transcribe(garbage, Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.UNDECODABLE))
                .hasMessage("The audio could not be decoded: formats: can't determine type of file the upload");
    }

    @Test
    void shouldRefuseACorruptWaveFile() {
        byte[] corrupt = "RIFF\u0010\0\0\0WAVEjunkjunkjunk".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> POCKETSPHINX.transcribe(corrupt, Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.UNDECODABLE))
                .hasMessageContaining("WAVE")
                .hasMessageNotContaining("/tmp");
    }

    @Test
    void shouldRefuseEmptyUploadsAndWaveFilesWithoutSamples() {
        byte[] headerOnly = Arrays.copyOf(ESPEAK.synthesize("Hello.", Locale.US).audio(), 44);
        headerOnly[40] = headerOnly[41] = headerOnly[42] = headerOnly[43] = 0; // data chunk size

        assertThatThrownBy(() -> POCKETSPHINX.transcribe(new byte[0], Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.EMPTY));
        assertThatThrownBy(() -> POCKETSPHINX.transcribe(headerOnly, Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.EMPTY))
                .hasMessage("The audio file holds no sound");
    }

    @Test
    void shouldRefuseAudioLongerThanTheLimit() {
        PocketsphinxRecognizer oneSecond = new PocketsphinxRecognizer(settings(DEFAULTS.pocketsphinx(),
                DEFAULTS.timeout(), Duration.ofSeconds(1), DEFAULTS.maxAudioBytes()));
        SynthesizedAudio twoSeconds = ESPEAK.synthesize("What are your opening hours?", Locale.US);
        assertThat(twoSeconds.duration()).isGreaterThan(Duration.ofMillis(1500));

        assertThatThrownBy(() -> oneSecond.transcribe(twoSeconds.audio(), Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.TOO_LONG))
                .hasMessage("The audio is longer than 1 s");
        assertThat(oneSecond.transcribe(ESPEAK.synthesize("Yes.", Locale.US).audio(), Locale.US).text())
                .isEqualTo("yes");
    }

    @Test
    void shouldRefuseUploadsLargerThanTheLimitBeforeDecodingThem() {
        PocketsphinxRecognizer small = new PocketsphinxRecognizer(settings(Path.of("/nonexistent/pocketsphinx"),
                DEFAULTS.timeout(), DEFAULTS.maxAudioDuration(), 1000));

        assertThatThrownBy(() -> small.transcribe(new byte[1001], Locale.US))
                .isInstanceOfSatisfying(UnreadableAudioException.class,
                        e -> assertThat(e.reason()).isEqualTo(UnreadableAudioException.Reason.TOO_LARGE))
                .hasMessage("The audio file has 1001 bytes; at most 1000 are accepted");
    }

    @ParameterizedTest
    @CsvSource({"en, true", "en-US, true", "en-ZA, true", "en-GB, true", "fr, false", "af-ZA, false",
            "zu-ZA, false", "und, false"})
    void shouldSupportEnglishOnly(String locale, boolean supported) {
        assertThat(POCKETSPHINX.supports(Locale.forLanguageTag(locale))).isEqualTo(supported);
    }

    @Test
    void shouldRefuseToTranscribeALanguageWithoutAModel() {
        assertThatThrownBy(() -> POCKETSPHINX.transcribe(new byte[10], Locale.FRENCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pocketsphinx has no model for fr");
    }

    @Test
    void shouldPreferAModelForTheCountryToOneForTheLanguage() {
        PocketsphinxModel english = PocketsphinxModel.debianEnglish();
        PocketsphinxModel broken = new PocketsphinxModel("en-ZA", Path.of("/nonexistent"), english.languageModel(),
                english.dictionary());
        PocketsphinxRecognizer recognizer = new PocketsphinxRecognizer(new PocketsphinxSettings(DEFAULTS.sox(),
                DEFAULTS.pocketsphinx(), List.of(english, broken), DEFAULTS.timeout(), 1, DEFAULTS.maxAudioDuration(),
                DEFAULTS.maxAudioBytes()));
        byte[] audio = ESPEAK.synthesize("What time is it?", Locale.US).audio();

        assertThat(recognizer.transcribe(audio, Locale.US).text()).isEqualTo("what time is it");
        assertThatThrownBy(() -> recognizer.transcribe(audio, Locale.forLanguageTag("en-ZA")))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessageContaining("pocketsphinx failed (exit 1)")
                .hasMessageContaining("/nonexistent");
    }

    @Test
    void shouldKillAnEngineThatHangsAndSayItTimedOut(@TempDir Path dir) throws IOException {
        Path hanging = dir.resolve("pocketsphinx_continuous");
        Files.writeString(hanging, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
        PocketsphinxRecognizer recognizer = new PocketsphinxRecognizer(
                settings(hanging, Duration.ofMillis(500), DEFAULTS.maxAudioDuration(), DEFAULTS.maxAudioBytes()));
        byte[] audio = ESPEAK.synthesize("Yes.", Locale.US).audio();
        Set<Path> workDirectoriesBefore = workDirectories();

        long start = System.nanoTime();
        assertThatThrownBy(() -> recognizer.transcribe(audio, Locale.US))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessage("pocketsphinx_continuous timed out after 500 ms");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(workDirectories()).as("work directories left behind").isSubsetOf(workDirectoriesBefore);
    }

    @Test
    void shouldFailAsTheEngineWhenSoxIsMissing() {
        PocketsphinxRecognizer recognizer = new PocketsphinxRecognizer(new PocketsphinxSettings(
                Path.of("/nonexistent/sox"), DEFAULTS.pocketsphinx(), DEFAULTS.models(), DEFAULTS.timeout(), 1,
                DEFAULTS.maxAudioDuration(), DEFAULTS.maxAudioBytes()));

        assertThatThrownBy(() -> recognizer.transcribe(new byte[100], Locale.US))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessageStartingWith("Cannot start /nonexistent/sox");
    }

    @Test
    void shouldReadTheWordsOutOfPocketsphinxsOutput() {
        String stdout = "INFO: continuous.c(307): compiled\nwhat time is it\n\n  <s> the [NOISE] opening(2) hours </s>\n";

        assertThat(PocketsphinxRecognizer.hypothesis(stdout)).isEqualTo("what time is it the opening hours");
        assertThat(PocketsphinxRecognizer.hypothesis("")).isEmpty();
    }

    private static PocketsphinxSettings settings(Path pocketsphinx, Duration timeout, Duration maxAudioDuration,
            long maxAudioBytes) {
        return new PocketsphinxSettings(DEFAULTS.sox(), pocketsphinx, DEFAULTS.models(), timeout,
                DEFAULTS.maxConcurrency(), maxAudioDuration, maxAudioBytes);
    }

    private static Set<Path> workDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("parley-speech-")
                            && !path.getFileName().toString().startsWith("parley-speech-test-"))
                    .collect(Collectors.toSet());
        }
    }
}
