package io.parley.engine.turns;

import java.util.ArrayList;
import java.util.List;

import io.parley.avro.Command;
import io.parley.avro.ConversationEvent;

/** Events of one turn, with ids derived from the command so a replay yields the same ids. */
final class Events {
    private final Command command;
    private final List<ConversationEvent> list = new ArrayList<>();

    Events(Command command) {
        this.command = command;
    }

    void add(Object payload) {
        list.add(ConversationEvent.newBuilder()
                .setEventId(command.getCommandId() + "/" + list.size())
                .setSessionId(command.getSessionId())
                .setCompany(command.getCompany())
                .setBotId(command.getBotId())
                .setOccurredAt(command.getIssuedAt())
                .setCausationId(command.getCommandId())
                .setPayload(payload)
                .build());
    }

    List<ConversationEvent> list() {
        return List.copyOf(list);
    }

    List<ConversationEvent> listWith(Object payload) {
        add(payload);
        return list();
    }
}
