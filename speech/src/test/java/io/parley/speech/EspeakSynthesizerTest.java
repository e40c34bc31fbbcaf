package io.parley.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EspeakSynthesizerTest {

    private static final EspeakSynthesizer ESPEAK = new EspeakSynthesizer(EspeakSettings.debianDefaults());

    @Test
    void shouldSpeakEnglishAsAWaveFileAsLongAsTheSentence() {
        SynthesizedAudio speech = ESPEAK.synthesize("Our offices are open from eight to five, Monday to Friday.", Locale.US);

        byte[] wav = speech.audio();
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(header.getInt(4)).as("RIFF size").isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
        WavInfo info = WavInfo.read(wav);
        assertThat(info).isEqualTo(new WavInfo(WavInfo.PCM, 1, 22_050, 16, wav.length - 44L));
        assertThat(speech.mediaType()).isEqualTo("audio/wav");
        assertThat(speech.voice()).isEqualTo("gmw/en-US+klatt");
        // 13 words at 150 words a minute, with pauses at the comma and the end.
        assertThat(speech.duration()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(7));
        assertThat(speech.duration()).isEqualTo(Duration.ofNanos(Math.round((wav.length - 44) / 2 * 1e9 / 22_050)));
        assertThat(loudestSample(wav)).as("not silence").isGreaterThan(3000);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "en-US, gmw/en-US+klatt",
            "en-ZA, gmw/en+klatt",
            "en, gmw/en+klatt",
            "en-GB, gmw/en+klatt",
            "af-ZA, gmw/af+klatt",
            "tn-ZA, bnt/tn+klatt",
            "fr, roa/fr+klatt",
            "fr-BE, roa/fr-BE+klatt",
            "pt-BR, roa/pt-BR+klatt",
            "sw, bnt/sw+klatt"})
    void shouldSpeakALocaleWithTheVoiceForItsCountryElseForItsLanguage(String locale, String voice) {
        Locale language = Locale.forLanguageTag(locale);
        assertThat(ESPEAK.supports(language)).isTrue();
        assertThat(ESPEAK.voiceFor(language)).contains(voice);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zu-ZA", "xh", "st", "nso", "und"})
    void shouldNotSupportLanguagesItHasNoVoiceFor(String locale) {
        Locale language = Locale.forLanguageTag(locale);
        assertThat(ESPEAK.supports(language)).isFalse();
        assertThatThrownBy(() -> ESPEAK.synthesize("Sawubona", language))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no voice for " + locale);
    }

    @Test
    void shouldSpeakAccentedFrenchAndAfrikaans() {
        SynthesizedAudio french = ESPEAK.synthesize("Ça va très bien, merci.", Locale.FRENCH);
        SynthesizedAudio afrikaans = ESPEAK.synthesize("Goeie môre, hoe gaan dit?", Locale.forLanguageTag("af-ZA"));

        assertThat(french.voice()).isEqualTo("roa/fr+klatt");
        assertThat(french.duration()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
        assertThat(afrikaans.voice()).isEqualTo("gmw/af+klatt");
        assertThat(afrikaans.duration()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
    }

    @Test
    void shouldSpeakTextThatLooksLikeOptionsInsteadOfObeyingIt(@TempDir Path dir) {
        Path target = dir.resolve("written.wav");

        SynthesizedAudio speech = ESPEAK.synthesize("-w " + target + " --voices", Locale.US);

        assertThat(target).doesNotExist();
        assertThat(speech.duration()).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldRefuseBlankTextAndTextLongerThanTheCap() {
        EspeakSynthesizer capped = new EspeakSynthesizer(
                new EspeakSettings(Path.of("/usr/bin/espeak-ng"), "klatt", 150, Duration.ofSeconds(30), 1, 20));

        assertThatThrownBy(() -> capped.synthesize("  \n", Locale.US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> capped.synthesize("This sentence is too long.", Locale.US))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("26 chars").hasMessageContaining("20");
        assertThat(capped.synthesize("This one fits.", Locale.US).audio()).isNotEmpty();
    }

    @Test
    void shouldSpeakWithThePlainVoiceWhenNoVariantIsSet() {
        EspeakSynthesizer plain = new EspeakSynthesizer(
                new EspeakSettings(Path.of("/usr/bin/espeak-ng"), "", 175, Duration.ofSeconds(30), 1, 100));

        SynthesizedAudio speech = plain.synthesize("Hello there.", Locale.US);

        assertThat(speech.voice()).isEqualTo("gmw/en-US");
        assertThat(speech.audio()).isNotEqualTo(ESPEAK.synthesize("Hello there.", Locale.US).audio());
    }

    @Test
    void shouldFailAsTheEngineWhenEspeakIsMissing() {
        EspeakSynthesizer missing = new EspeakSynthesizer(
                new EspeakSettings(Path.of("/nonexistent/espeak-ng"), "klatt", 150, Duration.ofSeconds(5), 1, 100));

        assertThatThrownBy(() -> missing.supports(Locale.US))
                .isInstanceOf(SpeechEngineException.class)
                .hasMessageContaining("Cannot start /nonexistent/espeak-ng");
    }

    @Test
    void shouldCompareAudioByContent() {
        byte[] bytes = {1, 2, 3};
        SynthesizedAudio audio = new SynthesizedAudio(bytes, "audio/wav", Duration.ofSeconds(1), "v");

        assertThat(audio).isEqualTo(new SynthesizedAudio(Arrays.copyOf(bytes, 3), "audio/wav", Duration.ofSeconds(1), "v"));
        assertThat(audio).hasToString("SynthesizedAudio[3 bytes, audio/wav, PT1S, voice v]");
    }

    private static int loudestSample(byte[] wav) {
        ByteBuffer samples = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        int loudest = 0;
        while (samples.remaining() >= 2) {
            loudest = Math.max(loudest, Math.abs(samples.getShort()));
        }
        return loudest;
    }
}
