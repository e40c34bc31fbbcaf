package io.parley.nlu.entities;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** Phone numbers by Google's libphonenumber, national ones read in the locale's country, given in E.164. */
final class PhoneNumbers {

    /** Where the locale names no country ("en", "zu"), a national number is read as South African. */
    static final String DEFAULT_REGION = "ZA";
    /*
     * A chat message holds a handful of phone numbers. Without these bounds a long run of digits and
     * spaces costs libphonenumber hundreds of milliseconds: each candidate is parsed several ways.
     */
    /** Candidates libphonenumber may try and reject on one text. */
    private static final long MAX_TRIES = 50;
    /** Phone numbers taken from one text. */
    private static final int MAX_NUMBERS = 10;
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    static void find(String text, Locale locale, List<Found> out) {
        String region = locale.getCountry().isEmpty() ? DEFAULT_REGION : locale.getCountry();
        Iterator<PhoneNumberMatch> matches = PHONES.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, MAX_TRIES)
                .iterator();
        for (int taken = 0; taken < MAX_NUMBERS && matches.hasNext(); taken++) {
            PhoneNumberMatch match = matches.next();
            String value = PHONES.format(match.number(), PhoneNumberUtil.PhoneNumberFormat.E164);
            out.add(Found.of(BuiltInEntity.PHONE_NUMBER, value, match.start(), match.end()));
        }
    }
}
