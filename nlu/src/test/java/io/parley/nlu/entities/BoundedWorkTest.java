package io.parley.nlu.entities;

import static io.parley.nlu.entities.Turns.EN_ZA;
import static io.parley.nlu.entities.Turns.FR;
import static io.parley.nlu.entities.Turns.JOHANNESBURG;
import static io.parley.nlu.entities.Turns.NOW;
import static io.parley.nlu.entities.Turns.entity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.parley.avro.Entity;
import io.parley.avro.EntityDefinition;
import io.parley.avro.LookupValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stream thread must not stall on any text: the work is bounded, whatever the user or the bot wrote. */
class BoundedWorkTest {

    /** Generous for a shared CI machine; a turn takes milliseconds. */
    private static final Duration FAST = Duration.ofSeconds(2);
    private static final String PREFIX = "call 082 555 1234; ";

    /** A catastrophically backtracking pattern, the kind a bot author writes by accident. */
    private static final EntityExtractor WITH_HOSTILE_PATTERNS = new EntityExtractor(List.of(
            new EntityDefinition("evil", List.of(new LookupValue("a a a", List.of("1 1 1 1 1 x"))),
                    List.of("(a+)+b", "(\\d+\\s?)+x", "(.*a){20}x")),
            new EntityDefinition("order_id", List.of(), List.of("ORD-\\d{6}"))));

    @ParameterizedTest(name = "100k of \"{0}\"")
    @ValueSource(strings = {"a", "1", "1 ", "1,", "1.", "a@", "a.", "www.", "http://", "((((", "at 3 ", "12/",
            "tomorrow ", "in 3 ", "x@y.", "0825551234 ", "é", "-", "+27 ", "\u202f1"})
    void shouldFinishFastOnAHundredThousandHostileCharacters(String unit) {
        String text = PREFIX + unit.repeat(100_000 / unit.length());
        for (Locale locale : List.of(EN_ZA, FR)) {
            List<Entity> entities = assertTimeoutPreemptively(FAST,
                    () -> new EntityExtractor(List.of()).extract(text, locale, JOHANNESBURG, NOW));
            assertThat(entities.get(0)).isEqualTo(entity("phone_number", "+27825551234", 5, 17, "libphonenumber"));
            assertThat(entities).allMatch(entity -> entity.getEnd() <= EntityExtractor.MAX_TEXT_LENGTH);
        }
    }

    @Test
    void shouldStopACatastrophicBotPatternAndStillRunTheOthers() {
        String text = "ORD-123456 " + "a".repeat(100_000);
        List<Entity> entities = assertTimeoutPreemptively(FAST,
                () -> WITH_HOSTILE_PATTERNS.extract(text, EN_ZA, JOHANNESBURG, NOW));
        assertThat(entities).first().isEqualTo(entity("order_id", "ORD-123456", 0, 10, "pattern"));
        assertThat(entities).noneMatch(entity -> entity.getEntity().equals("evil") && entity.getValue().endsWith("b"));
    }

    @Test
    void shouldStopACatastrophicBotPatternOnDigits() {
        String text = "ORD-123456 " + "1 ".repeat(50_000);
        List<Entity> entities = assertTimeoutPreemptively(FAST,
                () -> WITH_HOSTILE_PATTERNS.extract(text, EN_ZA, JOHANNESBURG, NOW));
        assertThat(entities).first().isEqualTo(entity("order_id", "ORD-123456", 0, 10, "pattern"));
    }

    @Test
    void shouldSearchOnlyTheBeginningOfAVeryLongText() {
        String text = "mail a@b.co " + " ".repeat(EntityExtractor.MAX_TEXT_LENGTH) + "and c@d.co";
        assertThat(new EntityExtractor(List.of()).extract(text, EN_ZA, JOHANNESBURG, NOW))
                .containsExactly(entity("email", "a@b.co", 5, 11, "email"));
    }

    @Test
    void shouldGiveTheSameEntitiesToManyThreadsSharingOneExtractor() {
        String text = "ORD-123456 tomorrow at 3pm, 1 234,5 or a a a, mail x@y.com, call 082 555 1234";
        List<Entity> expected = WITH_HOSTILE_PATTERNS.extract(text, EN_ZA, JOHANNESBURG, NOW);
        assertThat(expected).extracting(Entity::getEntity)
                .containsExactly("order_id", "datetime", "number", "evil", "email", "phone_number");
        List<List<Entity>> results = IntStream.range(0, 200).parallel()
                .mapToObj(i -> WITH_HOSTILE_PATTERNS.extract(text, EN_ZA, JOHANNESBURG, NOW))
                .toList();
        assertThat(results).allMatch(expected::equals);
    }
}
