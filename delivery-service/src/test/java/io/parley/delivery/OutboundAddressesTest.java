package io.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundAddressesTest {

    @Test
    void withoutPermissionLoopbackPrivateAndLinkLocalAddressesAreRefused() {
        OutboundAddresses strict = addresses(false);
        assertThat(strict.refusal("http://127.0.0.1:8080/calls/1")).hasValueSatisfying(r -> assertThat(r).contains("private or special-purpose address"));
        assertThat(strict.refusal("http://localhost/x")).isPresent();
        assertThat(strict.refusal("http://10.1.2.3/x")).isPresent();
        assertThat(strict.refusal("http://192.168.1.10/x")).isPresent();
        assertThat(strict.refusal("http://169.254.169.254/latest/meta-data")).as("cloud metadata").isPresent();
        assertThat(strict.refusal("http://[::1]/x")).isPresent();
        assertThat(strict.refusal("http://[fd12:3456::1]/x")).as("IPv6 unique local").isPresent();
        assertThat(strict.refusal("http://8.8.8.8/x")).isEmpty();
    }

    @Test
    void specialPurposeAndTransitionRangesAreRefusedToo() {
        OutboundAddresses strict = addresses(false);
        for (String url : java.util.List.of("http://100.100.100.200/latest/meta-data", "http://100.64.0.1/",
                "http://0.0.0.0/", "http://192.0.0.170/", "http://198.18.0.1/", "http://240.0.0.1/", "http://224.0.0.1/",
                "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[::127.0.0.1]/", "http://[fe80::1]/", "http://[::]/")) {
            assertThat(strict.refusal(url)).as(url).hasValueSatisfying(r -> assertThat(r).contains("special-purpose address"));
        }
        assertThat(strict.refusal("http://[2606:4700:4700::1111]/")).as("a public IPv6 address").isEmpty();
        assertThat(strict.refusal("http://100.128.0.1/")).as("just past 100.64.0.0/10").isEmpty();
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
