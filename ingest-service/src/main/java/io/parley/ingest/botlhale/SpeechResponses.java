package io.parley.ingest.botlhale;

import java.time.Instant;
import java.util.Map;

import io.parley.avro.SpokenAnswer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Serves the audio behind a speech_response_url, for 24 hours from its synthesis. */
@RestController
class SpeechResponses {

    static final String PATH = "/speech/";

    private final SpokenAnswers answers;

    SpeechResponses(SpokenAnswers answers) {
        this.answers = answers;
    }

    @GetMapping(PATH + "{token}")
    ResponseEntity<?> audio(@PathVariable String token) {
        SpokenAnswer answer = answers.find(token).orElse(null);
        if (answer == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "no spoken answer " + token, "status", 404));
        }
        if (SpokenAnswers.isExpired(answer, Instant.now())) {
            return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", "the spoken answer " + token + " expired 24 hours after it was made", "status", 410));
        }
        byte[] audio = new byte[answer.getAudio().remaining()];
        answer.getAudio().duplicate().get(audio);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(answer.getContentType()))
                .cacheControl(CacheControl.noStore())
                .body(audio);
    }
}
