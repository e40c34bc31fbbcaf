package io.parley.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One HTTP call to the outside world, with the rule every retrying sender follows: a 5xx, a 429, a
 * timeout or an unreachable server may pass if asked again; a 4xx will not.
 */
public final class OutboundCall {

    /** The far end may accept the call if asked again. */
    public static final class RetryableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RetryableException(String message) {
            super(message);
        }
    }

    /** Asking again will not help: a 4xx, or a call Parley must not make. */
    public static final class RejectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RejectedException(String message) {
            super(message);
        }
    }

    private OutboundCall() {
    }

    /** Sends {@code request} to {@code who}; returns the response when it is a success, throws otherwise. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout, String who) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new RetryableException(who + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new RetryableException("could not reach " + who + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("interrupted while calling " + who);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new RetryableException(who + " answered " + status + ": " + abbreviate(response.body()));
        }
        if (status >= 400) {
            throw new RejectedException(who + " refused the message with " + status + ": " + abbreviate(response.body()));
        }
        return response;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
