package io.parley.ingest.talkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TalkrRequestTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEmptyBodyAnEmptyObjectAndAnEmptyArrayAllStartAConversation() {
        assertThat(parse("")).isInstanceOf(TalkrRequest.Start.class);
        assertThat(parse("  {}  ")).isInstanceOf(TalkrRequest.Start.class);
        assertThat(parse("[]")).as("PHP's json_encode([])").isInstanceOf(TalkrRequest.Start.class);
    }

    @Test
    void aTextLongerThanTheLimitIsRefusedNamingItsField() {
        String fits = "a".repeat(io.parley.ingest.TextLimit.MAX_CHARS);
        String tooLong = fits + "a";
        assertThat(parse("{\"message\": \"" + fits + "\", \"session\": \"s\", \"tracking\": \"t\", \"variables\": {\"userresponse\": \"hi\"}}"))
                .isInstanceOf(TalkrRequest.Turn.class);
        assertThatThrownBy(() -> parse("{\"message\": \"" + tooLong + "\", \"session\": \"s\", \"tracking\": \"t\", \"variables\": {\"userresponse\": \"hi\"}}"))
                .isInstanceOfSatisfying(TalkrException.class, e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessage("message may hold at most 4096 characters; it has 4097");
        assertThatThrownBy(() -> parse("{\"message\": \"hi\", \"session\": \"s\", \"tracking\": \"t\", \"variables\": {\"userresponse\": \"" + tooLong + "\"}}"))
                .hasMessageStartingWith("variables.userresponse may hold at most 4096 characters");
    }

    @Test
    void currentUrlIsKeptAsContextOnTheFirstCallAndOnTurns() {
        assertThat(((TalkrRequest.Start) parse("{\"currentUrl\": \"https://shop.example/\"}")).context())
                .containsEntry("currentUrl", "https://shop.example/");
        TalkrRequest.Turn turn = (TalkrRequest.Turn) parse("""
                {"message": "hi", "session": "s", "tracking": "t", "variables": {"userresponse": "hi", "age": 42},
                 "currentUrl": "https://shop.example/cart"}""");
        assertThat(turn.context()).containsEntry("currentUrl", "https://shop.example/cart");
        assertThat(turn.variables()).containsEntry("userresponse", "hi").containsEntry("age", "42");
    }

    @Test
    void aCallbackUrlIsTakenOnlyWhenACallStartsAndOnlyOverHttp() {
        assertThat(((TalkrRequest.Start) parse("{\"callbackUrl\": \"https://pbx.example/calls/1\"}")).context())
                .containsEntry("callbackUrl", "https://pbx.example/calls/1");
        TalkrRequest.Turn turn = (TalkrRequest.Turn) parse("""
                {"message": "hi", "session": "s", "tracking": "t", "variables": {"userresponse": "hi"},
                 "callbackUrl": "https://attacker.example/"}""");
        assertThat(turn.context()).doesNotContainKey("callbackUrl");
        assertThatThrownBy(() -> parse("{\"callbackUrl\": \"file:///etc/passwd\"}")).isInstanceOf(TalkrException.class)
                .hasMessageContaining("callbackUrl must be an absolute http or https URL");
        assertThatThrownBy(() -> parse("{\"callbackUrl\": \"not a url\"}")).isInstanceOf(TalkrException.class);
    }

    @Test
    void aNonEmptyArrayIsNotARequest() {
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(TalkrException.class).hasMessageContaining("JSON object");
    }

    private TalkrRequest parse(String body) {
        return TalkrRequest.parse(body.getBytes(StandardCharsets.UTF_8), json);
    }
}
