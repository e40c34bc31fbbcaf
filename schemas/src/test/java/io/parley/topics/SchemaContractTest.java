package io.parley.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.parley.avro.AccountRecord;
import io.parley.avro.AiRequest;
import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;
import io.parley.avro.DeliveryReceipt;
import io.parley.avro.SessionEntry;
import io.parley.avro.SessionState;
import io.parley.avro.WebhookRequest;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The house rules of the Avro contracts, checked on every schema the pipeline carries. */
class SchemaContractTest {

    private static final List<Schema> CONTRACTS = List.of(Command.getClassSchema(), ConversationEvent.getClassSchema(),
            BotReply.getClassSchema(), WebhookRequest.getClassSchema(), BotDefinition.getClassSchema(),
            SessionState.getClassSchema(), SessionEntry.getClassSchema(), AiRequest.getClassSchema(),
            DeliveryReceipt.getClassSchema(), AccountRecord.getClassSchema());

    @Test
    void everyNamedTypeLivesInOneNamespace() {
        assertThat(namedTypes()).allSatisfy(type -> assertThat(type.getNamespace()).as(type.getFullName())
                .isEqualTo(RegistrySerdes.AVRO_PACKAGE));
    }

    @Test
    void everyFieldAndTypeIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        for (Schema type : namedTypes()) {
            if (type.getDoc() == null || type.getDoc().isBlank()) {
                undocumented.add(type.getFullName());
            }
            if (type.getType() == Schema.Type.RECORD) {
                type.getFields().stream()
                        .filter(field -> field.doc() == null || field.doc().isBlank())
                        .forEach(field -> undocumented.add(type.getName() + "." + field.name()));
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @Test
    void everyEnumHasADefaultSymbolSoNewSymbolsDoNotBreakOldReaders() {
        assertThat(namedTypes()).filteredOn(type -> type.getType() == Schema.Type.ENUM)
                .isNotEmpty()
                .allSatisfy(type -> assertThat(type.getEnumDefault()).as(type.getFullName()).isEqualTo("UNKNOWN"));
    }

    @Test
    void optionalFieldsAreNullFirstWithANullDefault() {
        List<String> wrong = new ArrayList<>();
        for (Schema type : namedTypes()) {
            if (type.getType() != Schema.Type.RECORD) {
                continue;
            }
            for (Schema.Field field : type.getFields()) {
                Schema schema = field.schema();
                if (schema.isUnion() && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)
                        && (schema.getTypes().get(0).getType() != Schema.Type.NULL || field.defaultVal() != JsonProperties.NULL_VALUE)) {
                    wrong.add(type.getName() + "." + field.name());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void pointsInTimeAreTimestampMillis() {
        List<String> wrong = new ArrayList<>();
        for (Schema type : namedTypes()) {
            if (type.getType() != Schema.Type.RECORD) {
                continue;
            }
            for (Schema.Field field : type.getFields()) {
                if (field.name().endsWith("At") && !(field.schema().getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                    wrong.add(type.getName() + "." + field.name());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Set<Schema> namedTypes() {
        Set<Schema> found = new HashSet<>();
        CONTRACTS.forEach(schema -> collect(schema, found));
        return found;
    }

    private static void collect(Schema schema, Set<Schema> found) {
        switch (schema.getType()) {
            case RECORD -> {
                if (found.add(schema)) {
                    schema.getFields().forEach(field -> collect(field.schema(), found));
                }
            }
            case ENUM, FIXED -> found.add(schema);
            case ARRAY -> collect(schema.getElementType(), found);
            case MAP -> collect(schema.getValueType(), found);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, found));
            default -> {
            }
        }
    }
}
