package io.parley.nlu.entities;

/** The entities every bot gets, with the extractor reported for each. */
public enum BuiltInEntity {
    EMAIL("email", "email"),
    URL("url", "url"),
    PHONE_NUMBER("phone_number", "libphonenumber"),
    NUMBER("number", "number"),
    /** A day, as an ISO local date: {@code 2027-03-12}. */
    DATE("date", "datetime"),
    /** A time of day without a date, {@code HH:mm}: {@code 15:00}. */
    TIME("time", "datetime"),
    /** A day with a time, as an ISO date-time with the bot's zone offset: {@code 2026-11-22T15:00:00+02:00}. */
    DATETIME("datetime", "datetime");

    private final String entityName;
    private final String extractor;

    BuiltInEntity(String entityName, String extractor) {
        this.entityName = entityName;
        this.extractor = extractor;
    }

    /** As reported in {@code Entity.entity}. */
    public String entityName() {
        return entityName;
    }

    /** Every built-in entity's name, in declaration order: a bot's own entities may not take one. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(BuiltInEntity::entityName).toList();
    }

    /** As reported in {@code Entity.extractor}. */
    public String extractor() {
        return extractor;
    }
}
