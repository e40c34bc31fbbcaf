package io.parley.benchmark.faults;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.parley.avro.ConversationEvent;
import io.parley.avro.ModuleCompleted;
import io.parley.avro.SessionStarted;
import io.parley.avro.SlotValidationRequested;
import io.parley.avro.UserSaid;
import io.parley.avro.WebhookDeliveryFailed;
import io.parley.infra.TopicContents;
import io.parley.topics.RegistrySerdes;
import io.parley.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;

/** What the event log says happened: the auditor's side of the count (committed records only). */
final class LogAudit {

    /** How often each user text was applied, by text (every text the clients send is unique). */
    final Map<String, Integer> userSaid = new HashMap<>();
    /** Sessions the log saw start. */
    final Set<String> started = new HashSet<>();
    /** Every webhook call the engine decided: slot validations and module completions, by idempotency key. */
    final Set<String> webhookKeys = new HashSet<>();
    int webhookFailures;

    static LogAudit read(String bootstrapServers, String registryUrl) {
        Deserializer<ConversationEvent> events = new RegistrySerdes(registryUrl).valueSerde(Topics.EVENTS).deserializer();
        LogAudit audit = new LogAudit();
        new TopicContents(bootstrapServers).all(Topics.EVENTS.name()).forEach(record -> {
            ConversationEvent event = events.deserialize(record.topic(), record.value());
            Object payload = event.getPayload();
            if (payload instanceof UserSaid said && said.getText() != null) {
                audit.userSaid.merge(said.getText(), 1, Integer::sum);
            } else if (payload instanceof SessionStarted) {
                audit.started.add(event.getSessionId());
            } else if (payload instanceof SlotValidationRequested requested) {
                audit.webhookKeys.add(requested.getIdempotencyKey());
            } else if (payload instanceof ModuleCompleted completed) {
                audit.webhookKeys.add(completed.getIdempotencyKey());
            } else if (payload instanceof WebhookDeliveryFailed) {
                audit.webhookFailures++;
            }
        });
        return audit;
    }
}
