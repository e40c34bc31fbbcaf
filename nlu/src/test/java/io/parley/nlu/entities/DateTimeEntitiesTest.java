package io.parley.nlu.entities;

import static io.parley.nlu.entities.BuiltInEntity.DATE;
import static io.parley.nlu.entities.BuiltInEntity.DATETIME;
import static io.parley.nlu.entities.BuiltInEntity.TIME;
import static io.parley.nlu.entities.Turns.AF_ZA;
import static io.parley.nlu.entities.Turns.EN_US;
import static io.parley.nlu.entities.Turns.EN_ZA;
import static io.parley.nlu.entities.Turns.FR;
import static io.parley.nlu.entities.Turns.JOHANNESBURG;
import static io.parley.nlu.entities.Turns.ZU_ZA;
import static io.parley.nlu.entities.Turns.builtIn;
import static io.parley.nlu.entities.Turns.extract;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Today is Saturday 2026-11-21 in Johannesburg (UTC+2). */
class DateTimeEntitiesTest {

    @Test
    void shouldReadTomorrowAtThreePmAsADateTimeInTheBotsZone() {
        String text = "Can we meet tomorrow at 3pm?";
        assertThat(extract(text, EN_ZA))
                .containsExactly(builtIn(DATETIME, "2026-11-22T15:00:00+02:00", text, "tomorrow at 3pm"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "today | 2026-11-21",
            "tomorrow | 2026-11-22",
            "Yesterday | 2026-11-20",
            "the day after tomorrow | 2026-11-23",
            "day before yesterday | 2026-11-19",
            "in 3 days | 2026-11-24",
            "in two weeks | 2026-12-05",
            "in a month | 2026-12-21",
            "next Monday | 2026-11-23",
            "on Friday | 2026-11-27",
            "saturday | 2026-11-28",
            "last Friday | 2026-11-20",
            "2027-03-12 | 2027-03-12",
            "12/03/2027 | 2027-03-12",
            "12.03.2027 | 2027-03-12",
            "12 March 2027 | 2027-03-12",
            "12th of March | 2027-03-12",
            "March 12 | 2027-03-12",
            "Mar 12, 2027 | 2027-03-12",
            "November 25 | 2026-11-25",
            "Friday, 12 March 2027 | 2027-03-12"})
    void shouldReadEnglishDates(String span, String date) {
        String text = "I can come " + span + ", thanks";
        assertThat(extract(text, EN_ZA)).containsExactly(builtIn(DATE, date, text, span));
    }

    @Test
    void shouldReadNumericDatesMonthFirstOnlyInAmericanEnglish() {
        assertThat(extract("03/12/2027", EN_US)).extracting(e -> e.getValue()).containsExactly("2027-03-12");
        assertThat(extract("03/12/2027", EN_ZA)).extracting(e -> e.getValue()).containsExactly("2027-12-03");
        assertThat(extract("03/12/2027", Locale.UK)).extracting(e -> e.getValue()).containsExactly("2027-12-03");
    }

    @Test
    void shouldSkipDatesThatDoNotExist() {
        assertThat(extract("31/02/2027", EN_ZA)).noneMatch(entity -> entity.getEntity().equals(DATE.entityName()));
        assertThat(extract("February 30", EN_ZA)).noneMatch(entity -> entity.getEntity().equals(DATE.entityName()));
    }

    @Test
    void shouldPutAYearlessFebruary29thInTheNextLeapYear() {
        assertThat(extract("29 February", EN_ZA)).extracting(e -> e.getValue()).containsExactly("2028-02-29");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "3pm | 15:00",
            "3 pm | 15:00",
            "3:30 p.m. | 15:30",
            "9am | 09:00",
            "12am | 00:00",
            "12pm | 12:00",
            "at 3 | 15:00",
            "at 9 | 09:00",
            "at 15:00 | 15:00",
            "15:00 | 15:00",
            "7:05 | 07:05",
            "15h30 | 15:30",
            "half past 3 | 15:30",
            "quarter to four | 15:45",
            "noon | 12:00"})
    void shouldReadEnglishTimes(String span, String time) {
        String text = "ring me " + span + " please";
        assertThat(extract(text, EN_ZA)).containsExactly(builtIn(TIME, time, text, span));
    }

    @Test
    void shouldNotReadImpossibleTimes() {
        assertThat(extract("13pm", EN_ZA)).noneMatch(entity -> entity.getEntity().equals(TIME.entityName()));
        assertThat(extract("25:00", EN_ZA)).noneMatch(entity -> entity.getEntity().equals(TIME.entityName()));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "next Friday at 10am | 2026-11-27T10:00:00+02:00",
            "2027-03-12 15:00 | 2027-03-12T15:00:00+02:00",
            "at 9:30 tomorrow | 2026-11-22T09:30:00+02:00",
            "12 March 2027, 8pm | 2027-03-12T20:00:00+02:00"})
    void shouldJoinADateAndATimeNextToIt(String span, String dateTime) {
        String text = "book it " + span;
        assertThat(extract(text, EN_ZA)).containsExactly(builtIn(DATETIME, dateTime, text, span));
    }

    @Test
    void shouldGiveTheOffsetInForceOnThatDay() {
        String text = "July 4 at 10am";
        List<io.parley.avro.Entity> entities = new EntityExtractor(List.of())
                .extract(text, EN_US, ZoneId.of("America/New_York"), Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(entities).extracting(e -> e.getValue()).containsExactly("2027-07-04T10:00:00-04:00");
    }

    @Test
    void shouldTakeTodayInTheBotsZoneNotInUtc() {
        // 23:30 UTC on the 21st is already the 22nd in Johannesburg.
        List<io.parley.avro.Entity> entities = new EntityExtractor(List.of())
                .extract("today", EN_ZA, JOHANNESBURG, Instant.parse("2026-11-21T23:30:00Z"));
        assertThat(entities).extracting(e -> e.getValue()).containsExactly("2026-11-22");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "aujourd'hui | 2026-11-21",
            "aujourd’hui | 2026-11-21",
            "demain | 2026-11-22",
            "hier | 2026-11-20",
            "après-demain | 2026-11-23",
            "apres demain | 2026-11-23",
            "dans 3 jours | 2026-11-24",
            "dans deux semaines | 2026-12-05",
            "lundi prochain | 2026-11-23",
            "vendredi | 2026-11-27",
            "vendredi dernier | 2026-11-20",
            "12 mars 2027 | 2027-03-12",
            "1er février | 2027-02-01",
            "12 fevrier 2027 | 2027-02-12"})
    void shouldReadFrenchDates(String span, String date) {
        String text = "Je viens " + span + ", merci";
        assertThat(extract(text, FR)).containsExactly(builtIn(DATE, date, text, span));
    }

    @Test
    void shouldReadFrenchTimesAndDateTimes() {
        String text = "Demain à 15h, ou sinon à 9h30";
        assertThat(extract(text, FR)).containsExactly(
                builtIn(DATETIME, "2026-11-22T15:00:00+02:00", text, "Demain à 15h"),
                builtIn(TIME, "09:30", text, "à 9h30"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "vandag | 2026-11-21",
            "môre | 2026-11-22",
            "more | 2026-11-22",
            "gister | 2026-11-20",
            "oormôre | 2026-11-23",
            "volgende Maandag | 2026-11-23",
            "Vrydag | 2026-11-27",
            "oor 3 dae | 2026-11-24",
            "oor twee weke | 2026-12-05",
            "12 Maart 2027 | 2027-03-12"})
    void shouldReadAfrikaansDates(String span, String date) {
        String text = "Ek kom " + span + ", dankie";
        assertThat(extract(text, AF_ZA)).containsExactly(builtIn(DATE, date, text, span));
    }

    @Test
    void shouldReadAfrikaansTimesAndDateTimes() {
        String text = "Môre om 15:00 of half drie";
        assertThat(extract(text, AF_ZA)).containsExactly(
                builtIn(DATETIME, "2026-11-22T15:00:00+02:00", text, "Môre om 15:00"),
                builtIn(TIME, "14:30", text, "half drie"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "namuhla | 2026-11-21",
            "kusasa | 2026-11-22",
            "izolo | 2026-11-20",
            "ngoLwesihlanu | 2026-11-27",
            "uMsombuluko | 2026-11-23",
            "12 Mashi 2027 | 2027-03-12"})
    void shouldReadZuluDates(String span, String date) {
        String text = "Ngizofika " + span + ", ngiyabonga";
        assertThat(extract(text, ZU_ZA)).containsExactly(builtIn(DATE, date, text, span));
    }

    @Test
    void shouldReadZuluDateTimesAndEnglishWordsInAZuluTurn() {
        String text = "kusasa ngo-3pm noma tomorrow at 10am";
        assertThat(extract(text, ZU_ZA)).containsExactly(
                builtIn(DATETIME, "2026-11-22T15:00:00+02:00", text, "kusasa ngo-3pm"),
                builtIn(DATETIME, "2026-11-22T10:00:00+02:00", text, "tomorrow at 10am"));
    }

    @Test
    void shouldNotReadAfrikaansWordsInAnEnglishTurn() {
        assertThat(extract("I want more", EN_ZA)).isEmpty();
        assertThat(extract("Ek wil more", AF_ZA)).extracting(e -> e.getValue()).containsExactly("2026-11-22");
    }

    @Test
    void shouldNotTakeMonthNamesInsideWordsOrMonthsWithoutADay() {
        assertThat(extract("Marching in May is fun", EN_ZA)).isEmpty();
    }
}
