package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundAddressesTest {

    @Test
    void withoutPermissionLoopbackPrivateAndLinkLocalAddressesAreRefused() {
        OutboundAddresses strict = addresses(false);
        assertThat(strict.refusal("http://127.0.0.1:8080/calls/1")).hasValueSatisfying(r -> assertThat(r).contains("private address"));
        assertThat(strict.refusal("http://localhost/x")).isPresent();
        assertThat(strict.refusal("http://10.1.2.3/x")).isPresent();
        assertThat(strict.refusal("http://192.168.1.10/x")).isPresent();
        assertThat(strict.refusal("http://169.254.169.254/latest/meta-data")).as("cloud metadata").isPresent();
        assertThat(strict.refusal("http://[::1]/x")).isPresent();
        assertThat(strict.refusal("http://[fd12:3456::1]/x")).as("IPv6 unique local").isPresent();
        assertThat(strict.refusal("http://8.8.8.8/x")).isEmpty();
    }

    @Test
    void onlyHttpUrlsWithAHostAreCalledEvenWhenPrivateAddressesAreAllowed() {
        OutboundAddresses lenient = addresses(true);
        assertThat(lenient.refusal("http://127.0.0.1:8080/calls/1")).isEmpty();
        assertThat(lenient.refusal("file:///etc/passwd")).isPresent();
        assertThat(lenient.refusal("gopher://example.com/")).isPresent();
        assertThat(lenient.refusal("not a url")).isPresent();
    }

    private static OutboundAddresses addresses(boolean allowPrivate) {
        return new OutboundAddresses(TestOutboundAddresses.properties(allowPrivate));
    }
}
