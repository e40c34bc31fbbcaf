package io.parley.push;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.parley.avro.Channel;

/**
 * Who may read a session's push stream. A TALKR web session's id is random and given only to its
 * caller, so knowing it is enough. A Botlhale conversation id is chosen by the client and a
 * Messenger session's id is made of public ids: their streams need a ticket, an HMAC of the session
 * id under a key the deployment gives ingest (which hands tickets only to the owning project's
 * authenticated callers) and delivery (which checks them). Without a key, no ticket is issued and
 * such streams are refused.
 */
public final class PushTickets {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public PushTickets(String secret) {
        this.key = secret == null || secret.isBlank() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Whether a stream of a session on this channel needs a ticket. */
    public static boolean required(Channel channel) {
        return channel == Channel.API || channel == Channel.MESSENGER;
    }

    /** The session's ticket; empty when the deployment has no key. */
    public Optional<String> ticket(String sessionId) {
        return key == null ? Optional.empty() : Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(mac(sessionId)));
    }

    public boolean valid(String sessionId, String ticket) {
        if (key == null || ticket == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(ticket.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Constant time: the comparison must not tell how much of a forged ticket was right.
        return MessageDigest.isEqual(mac(sessionId), given);
    }

    private byte[] mac(String sessionId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
