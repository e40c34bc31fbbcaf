package io.parley.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicNamesAreUniqueAndVersioned() {
        assertThat(Topics.all()).extracting(Topic::name).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("parley\\.[a-z]+(-[a-z]+)*\\.v\\d+(-dlt)?"));
    }

    @Test
    void botsAreCompactedSoTheLatestDefinitionOfEveryBotIsKeptForever() {
        assertThat(Topics.BOTS.config()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .doesNotContainKey(TopicConfig.RETENTION_MS_CONFIG);
    }

    @Test
    void conversationTopicsExpireByTimeAndTheAuditLogIsKeptLongest() {
        Map<String, String> events = Topics.EVENTS.config();
        assertThat(events).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        long eventsRetention = Long.parseLong(events.get(TopicConfig.RETENTION_MS_CONFIG));
        long repliesRetention = Long.parseLong(Topics.REPLIES.config().get(TopicConfig.RETENTION_MS_CONFIG));
        assertThat(eventsRetention).isGreaterThan(repliesRetention);
    }

    @Test
    void deadLetterTopicsCarryRawBytes() {
        assertThat(Topics.COMMANDS_DLT.name()).isEqualTo(Topics.COMMANDS.name() + "-dlt");
        assertThat(Topics.COMMANDS_DLT.valueType()).isEqualTo(byte[].class);
    }

    @Test
    void theRetryingSendersDeadLettersAreCreatedWithTheOtherTopics() {
        for (RetryTopics<?> retries : List.of(Topics.MESSENGER_OUTBOX_RETRIES, Topics.TELEPHONY_OUTBOX_RETRIES,
                Topics.WEBHOOK_RETRIES)) {
            assertThat(Topics.all()).contains(retries.source(), retries.deadLetters());
            assertThat(retries.deadLetterSuffix()).isEqualTo(Topics.DEAD_LETTER_SUFFIX);
        }
    }

    @Test
    void botKeysJoinCompanyAndBotId() {
        assertThat(Topics.botKey("acme", 42)).isEqualTo("acme/42");
    }
}
