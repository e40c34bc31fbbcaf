package io.parley.delivery.replies;

import io.parley.avro.BotReply;
import io.parley.delivery.DeliveryKafkaConfig;
import io.parley.topics.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/** Consumers of the replies topic; unreadable or unrecordable replies go to the replies dead-letter topic. */
@Configuration(proxyBeanMethods = false)
class ReplyConsumerConfig {

    static final String CONTAINER_FACTORY = "replyListenerContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, BotReply> replyListenerContainerFactory(
            DeliveryKafkaConfig.ListenerFactories factories) {
        return factories.forTopic(Topics.REPLIES, Topics.REPLIES_DLT, "replies");
    }
}
