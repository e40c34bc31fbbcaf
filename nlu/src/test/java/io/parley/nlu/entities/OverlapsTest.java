package io.parley.nlu.entities;

import static io.parley.nlu.entities.BuiltInEntity.DATE;
import static io.parley.nlu.entities.BuiltInEntity.DATETIME;
import static io.parley.nlu.entities.BuiltInEntity.EMAIL;
import static io.parley.nlu.entities.BuiltInEntity.PHONE_NUMBER;
import static io.parley.nlu.entities.BuiltInEntity.URL;
import static io.parley.nlu.entities.Turns.EN_ZA;
import static io.parley.nlu.entities.Turns.builtIn;
import static io.parley.nlu.entities.Turns.entity;
import static io.parley.nlu.entities.Turns.extract;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.parley.avro.EntityDefinition;
import io.parley.avro.LookupValue;
import org.junit.jupiter.api.Test;

class OverlapsTest {

    @Test
    void shouldNotReportNumbersThatArePartOfAnotherEntity() {
        String text = "on 12/03/2027 at 15:00 call 082 555 1234, mail a1@b2.com, see www.x1.com/3 or 7";
        assertThat(extract(text, EN_ZA)).containsExactly(
                builtIn(DATETIME, "2027-03-12T15:00:00+02:00", text, "12/03/2027 at 15:00"),
                builtIn(PHONE_NUMBER, "+27825551234", text, "082 555 1234"),
                builtIn(EMAIL, "a1@b2.com", text, "a1@b2.com"),
                builtIn(URL, "https://www.x1.com/3", text, "www.x1.com/3"),
                entity("number", "7", 78, 79, "number"));
    }

    @Test
    void shouldPreferAPhoneNumberToANumberOfTheSameSpan() {
        assertThat(extract("0825551234", EN_ZA)).containsExactly(entity("phone_number", "+27825551234", 0, 10, "libphonenumber"));
    }

    @Test
    void shouldKeepTheLongerOfOverlappingEntities() {
        EntityDefinition show = new EntityDefinition("show",
                List.of(new LookupValue("Friday Night Lights", List.of()), new LookupValue("March", List.of())), List.of());
        String text = "watch Friday Night Lights on 12 March 2027";
        assertThat(extract(List.of(show), text, EN_ZA)).containsExactly(
                entity("show", "Friday Night Lights", 6, 25, "lookup"),
                builtIn(DATE, "2027-03-12", text, "12 March 2027"));
    }

    @Test
    void shouldPreferTheBotsOwnEntityOnTheSameSpan() {
        EntityDefinition pin = new EntityDefinition("pin", List.of(), List.of("\\b\\d{4}\\b"));
        EntityDefinition when = new EntityDefinition("when", List.of(new LookupValue("tomorrow", List.of())), List.of());
        assertThat(extract(List.of(pin, when), "pin 1234 tomorrow", EN_ZA)).containsExactly(
                entity("pin", "1234", 4, 8, "pattern"),
                entity("when", "tomorrow", 9, 17, "lookup"));
    }

    @Test
    void shouldPreferALookupToAPatternOnTheSameSpan() {
        EntityDefinition size = new EntityDefinition("size",
                List.of(new LookupValue("XL", List.of("extra large"))), List.of("(?i)\\bX+L\\b"));
        assertThat(extract(List.of(size), "an xl and an XXL", EN_ZA)).containsExactly(
                entity("size", "XL", 3, 5, "lookup"),
                entity("size", "XXL", 13, 16, "pattern"));
    }
}
