package io.parley.nlu.entities;

import static io.parley.nlu.entities.BuiltInEntity.EMAIL;
import static io.parley.nlu.entities.BuiltInEntity.NUMBER;
import static io.parley.nlu.entities.BuiltInEntity.PHONE_NUMBER;
import static io.parley.nlu.entities.BuiltInEntity.URL;
import static io.parley.nlu.entities.Turns.AF_ZA;
import static io.parley.nlu.entities.Turns.EN_US;
import static io.parley.nlu.entities.Turns.EN_ZA;
import static io.parley.nlu.entities.Turns.FR;
import static io.parley.nlu.entities.Turns.ZU_ZA;
import static io.parley.nlu.entities.Turns.builtIn;
import static io.parley.nlu.entities.Turns.entity;
import static io.parley.nlu.entities.Turns.extract;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltInEntitiesTest {

    @Test
    void shouldFindAPhoneNumberInASentenceInE164() {
        String text = "call me on 082 555 1234";
        assertThat(extract(text, EN_ZA))
                .containsExactly(entity("phone_number", "+27825551234", 11, 23, "libphonenumber"));
    }

    @Test
    void shouldReadNationalPhoneNumbersInTheLocalesCountryAndSouthAfricaWithoutOne() {
        assertThat(extract("ring (202) 555-0123", EN_US)).containsExactly(
                builtIn(PHONE_NUMBER, "+12025550123", "ring (202) 555-0123", "(202) 555-0123"));
        assertThat(extract("appelle le 021 555 1234", FR)).extracting(e -> e.getValue()).containsExactly("+27215551234");
        assertThat(extract("+44 20 7946 0958 or 083 555 1234", ZU_ZA)).extracting(e -> e.getValue())
                .containsExactly("+442079460958", "+27835551234");
    }

    @Test
    void shouldFindEmailsWithTheirDomainLowerCased() {
        String text = "Mail John.Doe+bots@Example.CO.ZA. Thanks";
        assertThat(extract(text, EN_ZA))
                .containsExactly(builtIn(EMAIL, "John.Doe+bots@example.co.za", text, "John.Doe+bots@Example.CO.ZA"));
    }

    @Test
    void shouldFindUrlsWithoutTheSentencesPunctuation() {
        String text = "See https://example.com/a_(b)?c=1, (http://parley.io/docs). Or www.Example.com.";
        assertThat(extract(text, EN_ZA)).containsExactly(
                builtIn(URL, "https://example.com/a_(b)?c=1", text, "https://example.com/a_(b)?c=1"),
                builtIn(URL, "http://parley.io/docs", text, "http://parley.io/docs"),
                builtIn(URL, "https://www.Example.com", text, "www.Example.com"));
    }

    @Test
    void shouldNotTakeTheDomainOfAnEmailForAUrl() {
        String text = "write to info@www.example.com";
        assertThat(extract(text, EN_ZA)).containsExactly(builtIn(EMAIL, "info@www.example.com", text, "info@www.example.com"));
    }

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "1,234.5 | en | 1234.5",
            "1,234,567 | en-US | 1234567",
            "1234.50 | en | 1234.5",
            "-42 | en | -42",
            "0.75 | en | 0.75",
            "1,234.5 | zu-ZA | 1234.5",
            "1 234,5 | fr | 1234.5",
            "1\u00a0234,5 | fr | 1234.5",
            "1\u202f234,5 | fr | 1234.5",
            "3,5 | fr | 3.5",
            "3.5 | fr | 3.5",
            "1\u00a0234,5 | af-ZA | 1234.5",
            "1 234,5 | en-ZA | 1234.5",
            "1.234,5 | de-DE | 1234.5"})
    void shouldReadNumbersAsTheLocaleWritesThem(String number, String locale, String value) {
        String text = "about " + number + " units";
        assertThat(extract(text, Locale.forLanguageTag(locale))).containsExactly(builtIn(NUMBER, value, text, number));
    }

    @Test
    void shouldNotReadAPartlyGroupedNumberAsANumber() {
        assertThat(extract("1,2345 or 1.2.3", Locale.ENGLISH)).isEmpty();
    }

    @Test
    void shouldReadEveryNumberInASentence() {
        String text = "2 adults, 3 kids and 1,5 dogs";
        assertThat(extract(text, AF_ZA)).containsExactly(
                builtIn(NUMBER, "2", text, "2"),
                builtIn(NUMBER, "3", text, "3"),
                builtIn(NUMBER, "1.5", text, "1,5"));
    }
}
