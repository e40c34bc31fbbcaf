package io.parley.nlu.entities;

import static io.parley.nlu.entities.Turns.EN_ZA;
import static io.parley.nlu.entities.Turns.FR;
import static io.parley.nlu.entities.Turns.entity;
import static io.parley.nlu.entities.Turns.extract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.parley.avro.EntityDefinition;
import io.parley.avro.LookupValue;
import org.junit.jupiter.api.Test;

class BotEntitiesTest {

    private static final EntityDefinition CITY = new EntityDefinition("city", List.of(
            new LookupValue("Johannesburg", List.of("Jo'burg", "Joburg", "eGoli")),
            new LookupValue("Cape Town", List.of("Kaapstad", "the Mother City")),
            new LookupValue("São Paulo", List.of()),
            new LookupValue("York", List.of()),
            new LookupValue("New York", List.of("NYC"))), List.of());
    private static final EntityDefinition ORDER = new EntityDefinition("order_id", List.of(), List.of("ORD-\\d{6}"));

    @Test
    void shouldFindLookupValuesAndSynonymsIgnoringCaseAccentsAndApostrophes() {
        String text = "Flying from jo’burg to SAO PAULO, then JOHANNESBURG to the mother city";
        assertThat(extract(List.of(CITY), text, EN_ZA)).containsExactly(
                entity("city", "Johannesburg", 12, 19, "lookup"),
                entity("city", "São Paulo", 23, 32, "lookup"),
                entity("city", "Johannesburg", 39, 51, "lookup"),
                entity("city", "Cape Town", 55, 70, "lookup"));
    }

    @Test
    void shouldMatchASynonymWrittenWithoutItsApostropheOrWithAccentsTheBotLeftOut() {
        assertThat(extract(List.of(CITY), "joburg or égoli", EN_ZA)).containsExactly(
                entity("city", "Johannesburg", 0, 6, "lookup"),
                entity("city", "Johannesburg", 10, 15, "lookup"));
    }

    @Test
    void shouldMatchWholeWordsOnly() {
        assertThat(extract(List.of(CITY), "Joburgers love Yorkshire and NewYork", EN_ZA)).isEmpty();
    }

    @Test
    void shouldPreferTheLongestPhrase() {
        assertThat(extract(List.of(CITY), "I live in new  York.", EN_ZA))
                .containsExactly(entity("city", "New York", 10, 19, "lookup"));
    }

    @Test
    void shouldNotMatchAPhraseWithSymbolsOnItsLettersAlone() {
        EntityDefinition language = new EntityDefinition("language",
                List.of(new LookupValue("C++", List.of()), new LookupValue("C", List.of())), List.of());
        assertThat(extract(List.of(language), "C++ or C?", EN_ZA)).containsExactly(
                entity("language", "C++", 0, 3, "lookup"),
                entity("language", "C", 7, 8, "lookup"));
    }

    @Test
    void shouldReportWhatABotPatternMatched() {
        String text = "my order ORD-123456 is late";
        assertThat(extract(List.of(ORDER), text, EN_ZA))
                .containsExactly(entity("order_id", "ORD-123456", 9, 19, "pattern"));
    }

    @Test
    void shouldIgnoreEmptyMatchesOfABotPattern() {
        EntityDefinition optional = new EntityDefinition("code", List.of(), List.of("x*"));
        assertThat(extract(List.of(optional), "axxb", FR)).containsExactly(entity("code", "xx", 1, 3, "pattern"));
    }

    @Test
    void shouldRefuseAnInvalidPatternNamingTheEntityAndThePattern() {
        EntityDefinition broken = new EntityDefinition("postcode", List.of(), List.of("\\d{4}", "[A-Z"));
        assertThatThrownBy(() -> new EntityExtractor(List.of(CITY, broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postcode")
                .hasMessageContaining("[A-Z");
    }

    @Test
    void shouldRefuseADefinitionWithoutANameOrWithAnEmptyValue() {
        assertThatThrownBy(() -> new EntityExtractor(List.of(new EntityDefinition(" ", List.of(), List.of("x")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no name");
        EntityDefinition empty = new EntityDefinition("size", List.of(new LookupValue("", List.of("tiny"))), List.of());
        assertThatThrownBy(() -> new EntityExtractor(List.of(empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
    }

    @Test
    void shouldGiveNothingForNoText() {
        EntityExtractor extractor = new EntityExtractor(List.of(CITY, ORDER));
        assertThat(extractor.extract(null, EN_ZA, Turns.JOHANNESBURG, Turns.NOW)).isEmpty();
        assertThat(extractor.extract("", EN_ZA, Turns.JOHANNESBURG, Turns.NOW)).isEmpty();
        assertThat(extractor.extract("   ", EN_ZA, Turns.JOHANNESBURG, Turns.NOW)).isEmpty();
    }
}
