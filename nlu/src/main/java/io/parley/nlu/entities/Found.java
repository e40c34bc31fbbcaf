package io.parley.nlu.entities;

import io.parley.avro.Entity;

/** An entity one extractor found, before overlaps with the others' are resolved. */
record Found(String entity, String value, int start, int end, String extractor) {

    static Found of(BuiltInEntity type, String value, int start, int end) {
        return new Found(type.entityName(), value, start, end, type.extractor());
    }

    int length() {
        return end - start;
    }

    boolean overlaps(Found other) {
        return start < other.end && other.start < end;
    }

    boolean isBotDefined() {
        return extractor.equals(EntityExtractor.LOOKUP_EXTRACTOR) || extractor.equals(EntityExtractor.PATTERN_EXTRACTOR);
    }

    boolean isNumber() {
        return extractor.equals(BuiltInEntity.NUMBER.extractor());
    }

    Entity toEntity() {
        return new Entity(entity, value, start, end, extractor);
    }
}
