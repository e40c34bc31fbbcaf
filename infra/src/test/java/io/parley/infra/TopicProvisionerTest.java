package io.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.parley.topics.TopicProvisioner;
import io.parley.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * A deployment made by an older version kept commands 7 days, and let producers stamp the replies;
 * provisioning again keeps commands for audits and has the broker stamp each reply when it is appended.
 */
class TopicProvisionerTest {

    @Test
    void aTopicWithAShorterRetentionThanTheRegistrysGetsTheRegistrys() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        ConfigResource commands = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMMANDS.name());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            String sevenDays = Long.toString(7L * 24 * 3600 * 1000);
            admin.incrementalAlterConfigs(Map.of(commands, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, sevenDays), AlterConfigOp.OpType.SET)))).all().get();

            assertThat(new TopicProvisioner(SharedTestInfrastructure.PARTITIONS, (short) 1).ensureTopics(admin)).isEmpty();

            String retention = admin.describeConfigs(List.of(commands)).all().get().get(commands)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value();
            assertThat(Long.parseLong(retention)).isEqualTo(Topics.AUDIT_RETENTION.toMillis());
        }
    }

    @Test
    void repliesMadeBeforeTheBrokerStampedThemAreStampedOnAppendFromNowOn() throws Exception {
        SharedTestInfrastructure infra = SharedTestInfrastructure.get();
        ConfigResource replies = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPLIES.name());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(replies, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"), AlterConfigOp.OpType.SET)))).all().get();

            new TopicProvisioner(SharedTestInfrastructure.PARTITIONS, (short) 1).ensureTopics(admin);

            assertThat(admin.describeConfigs(List.of(replies)).all().get().get(replies)
                    .get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
        }
    }
}
