package io.parley.ingest.botlhale;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import io.parley.avro.BotReply;
import io.parley.avro.Language;
import io.parley.speech.SpeechEngineException;
import io.parley.speech.SpeechRecognizer;
import io.parley.speech.SpeechSynthesizer;
import io.parley.speech.SynthesizedAudio;
import io.parley.speech.UnreadableAudioException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Speech for the Botlhale dialect: the user's audio to text, and the bot's answer to audio kept for a
 * day. The engines sit behind {@link SpeechRecognizer} and {@link SpeechSynthesizer}, so a deployment
 * can use a cloud vendor instead of the offline ones.
 */
@Component
class BotlhaleSpeech {

    private final SpeechRecognizer recognizer;
    private final SpeechSynthesizer synthesizer;
    private final SpokenAnswers answers;
    private final SpeechConfiguration.SpeechExecutor executor;

    BotlhaleSpeech(SpeechRecognizer recognizer, SpeechSynthesizer synthesizer, SpokenAnswers answers,
                   SpeechConfiguration.SpeechExecutor executor) {
        this.recognizer = recognizer;
        this.synthesizer = synthesizer;
        this.answers = answers;
        this.executor = executor;
    }

    /** Where synthesis runs: a bounded pool, never the thread that receives replies. */
    Executor executor() {
        return executor;
    }

    /** Refuses, before anything is recorded, a spoken answer in a language the synthesizer cannot speak. */
    void checkCanSpeak(Locale locale, Language language) {
        if (!synthesizer.supports(locale)) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST, "spoken answers are not available in "
                    + language.getCode() + " (" + synthesizer.vendor() + "); ask for response_type text");
        }
        // Refused before the turn is taken, so that the retry the client is asked for is not a second turn.
        if (!executor.hasRoom()) {
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "every speech synthesizer is busy; try again in a few seconds");
        }
    }

    /** What the user said; a 4xx for audio that cannot be read or a language that cannot be heard. */
    String transcribe(MultipartFile audio, Locale locale, Language language) {
        if (!recognizer.supports(locale)) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST, "speech recognition is not available in "
                    + language.getCode() + " (" + recognizer.vendor() + "); send text_msg instead");
        }
        byte[] bytes;
        try {
            bytes = audio.getBytes();
        } catch (IOException e) {
            throw new BotlhaleException(HttpStatus.BAD_REQUEST, "speech_file could not be read: " + e.getMessage());
        }
        try {
            String text = recognizer.transcribe(bytes, locale).text();
            if (text.isBlank()) {
                throw new BotlhaleException(HttpStatus.UNPROCESSABLE_CONTENT, "no speech was recognised in speech_file");
            }
            return text;
        } catch (UnreadableAudioException e) {
            HttpStatus status = switch (e.reason()) {
                case TOO_LARGE, TOO_LONG -> HttpStatus.CONTENT_TOO_LARGE;
                case UNDECODABLE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                default -> HttpStatus.BAD_REQUEST;
            };
            throw new BotlhaleException(status, "speech_file cannot be used: " + e.getMessage());
        } catch (SpeechEngineException e) {
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "speech recognition failed; try again: " + e.getMessage());
        }
    }

    /** Synthesizes the answer's text and keeps it; returns the token of its URL. */
    String speak(BotReply reply, Locale locale, Instant now) {
        String text = BotlhaleAnswer.textResponse(reply);
        try {
            SynthesizedAudio audio = synthesizer.synthesize(text, locale);
            return answers.keep(reply.getSessionId(), audio.audio(), audio.mediaType(), text, locale.toLanguageTag(), now);
        } catch (SpeechEngineException | IllegalArgumentException e) {
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "the spoken answer could not be made: " + e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "the spoken answer could not be kept; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotlhaleException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while keeping the spoken answer");
        }
    }
}
