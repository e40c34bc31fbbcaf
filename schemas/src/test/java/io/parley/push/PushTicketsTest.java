package io.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.avro.Channel;
import org.junit.jupiter.api.Test;

class PushTicketsTest {

    private final PushTickets tickets = new PushTickets("a deployment's key");

    @Test
    void aTicketOpensItsOwnSessionOnly() {
        String ticket = tickets.ticket("parley-demo:5:conversation-1").orElseThrow();
        assertThat(tickets.valid("parley-demo:5:conversation-1", ticket)).isTrue();
        assertThat(tickets.valid("parley-demo:5:conversation-2", ticket)).isFalse();
        assertThat(new PushTickets("another key").valid("parley-demo:5:conversation-1", ticket)).isFalse();
        assertThat(tickets.valid("parley-demo:5:conversation-1", "not base64 !")).isFalse();
        assertThat(tickets.valid("parley-demo:5:conversation-1", null)).isFalse();
    }

    @Test
    void withoutAKeyNoTicketIsIssuedOrAccepted() {
        PushTickets none = new PushTickets(" ");
        assertThat(none.ticket("s")).isEmpty();
        assertThat(none.valid("s", tickets.ticket("s").orElseThrow())).isFalse();
    }

    @Test
    void sessionsWhoseIdsCanBeKnownNeedTickets() {
        assertThat(PushTickets.required(Channel.API)).isTrue();
        assertThat(PushTickets.required(Channel.MESSENGER)).isTrue();
        assertThat(PushTickets.required(Channel.WEB)).isFalse();
        assertThat(PushTickets.required(Channel.TELEPHONY)).isFalse();
    }
}
