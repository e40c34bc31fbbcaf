package io.parley.engine.topology;

import static io.parley.engine.testing.EngineHarness.say;
import static io.parley.engine.testing.EngineHarness.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.parley.avro.BotDefinition;
import io.parley.avro.BotReply;
import io.parley.avro.Channel;
import io.parley.avro.ConversationEvent;
import io.parley.engine.testing.EngineHarness;
import io.parley.engine.testing.TestBots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every event and reply names the bot version that decided it: what an audit re-runs a turn with. */
class BotVersionsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant FIRST = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant SECOND = Instant.parse("2026-03-02T10:00:30Z");

    private EngineHarness engine;

    @BeforeEach
    void startEngine() {
        engine = new EngineHarness(T0);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void eachTurnNamesTheVersionPublishedWhenItWasDecided() {
        BotDefinition first = BotDefinition.newBuilder(TestBots.demo()).setPublishedAt(FIRST).build();
        engine.publish(first);
        engine.send(first, "s1", start(), Channel.WEB, T0);
        engine.send(first, "s1", say("pricing", "welcome"), Channel.WEB, T0.plusSeconds(1));
        assertThat(engine.events.readValuesToList()).isNotEmpty().extracting(ConversationEvent::getBotVersion)
                .containsOnly(FIRST.toEpochMilli());
        assertThat(engine.replies.readValuesToList()).hasSize(2).extracting(BotReply::getBotVersion).containsOnly(FIRST.toEpochMilli());

        BotDefinition second = BotDefinition.newBuilder(first).setPublishedAt(SECOND).build();
        engine.publish(second);
        engine.send(second, "s1", say("hello", "more"), Channel.WEB, T0.plusSeconds(60));
        assertThat(engine.events.readValuesToList()).isNotEmpty().extracting(ConversationEvent::getBotVersion)
                .containsOnly(SECOND.toEpochMilli());
        assertThat(engine.replies.readValuesToList()).singleElement().extracting(BotReply::getBotVersion).isEqualTo(SECOND.toEpochMilli());
    }

    @Test
    void aCommandForABotThatDoesNotExistNamesNoVersion() {
        engine.send(TestBots.demo(), "s1", start(), Channel.WEB, T0);
        assertThat(engine.replies.readValuesToList()).singleElement().satisfies(reply -> assertThat(reply.getBotVersion()).isNull());
    }
}
