package io.parley.analytics.console;

import java.util.Comparator;
import java.util.Optional;

import io.parley.analytics.LogReaders;
import io.parley.avro.BotDefinition;
import io.parley.avro.Module;
import io.parley.avro.Slot;
import io.parley.topics.CompactedTopicView;
import io.parley.topics.HasTopicView;
import io.parley.topics.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The published bots: their names, and their modules' slots in the order they are asked (a funnel's steps). */
@Component
public class BotDirectory implements HasTopicView, DisposableBean {

    private final CompactedTopicView<BotDefinition> bots;

    BotDirectory(LogReaders readers) {
        this.bots = new CompactedTopicView<>(readers.reader(Topics.BOTS), Topics.BOTS);
    }

    public Optional<BotDefinition> bot(String botKey) {
        return bots.get(botKey);
    }

    /** A bot's name, or its key when it is not (or no longer) published. */
    public String name(String botKey) {
        return bot(botKey).map(BotDefinition::getName).orElse(botKey);
    }

    /** A module of a bot, with its slots in the order the module asks them. */
    public Optional<Module> module(String botKey, long moduleId) {
        return bot(botKey).flatMap(bot -> bot.getModules().stream().filter(module -> module.getId() == moduleId).findFirst())
                .map(module -> Module.newBuilder(module)
                        .setSlots(module.getSlots().stream().sorted(Comparator.comparingInt(Slot::getOrder)).toList())
                        .build());
    }

    @Override
    public CompactedTopicView<?> topicView() {
        return bots;
    }

    @Override
    public void destroy() {
        bots.close();
    }
}
