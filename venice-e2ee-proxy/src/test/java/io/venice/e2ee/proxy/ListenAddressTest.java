package io.venice.e2ee.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listen addresses: the forms accepted, the ones refused, and which count as loopback. */
class ListenAddressTest {
    @Test
    void parsesHostPortBracketedV6AndABarePort() {
        assertThat(ListenAddress.parse("127.0.0.1:8788")).isEqualTo(new ListenAddress("127.0.0.1", 8788));
        assertThat(ListenAddress.parse("[::1]:9000")).isEqualTo(new ListenAddress("::1", 9000));
        assertThat(ListenAddress.parse(":0")).isEqualTo(new ListenAddress("127.0.0.1", 0));
        assertThat(ListenAddress.parse("[::1]:9000")).hasToString("[::1]:9000");
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        assertThatThrownBy(() -> ListenAddress.parse("8788")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("::1:8788")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ListenAddress.parse("localhost:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> ListenAddress.parse("localhost:70000")).hasMessageContaining("0..65535");
    }

    @Test
    void onlyLoopbackAddressesAreLoopback() {
        assertThat(new ListenAddress("127.0.0.1", 0).isLoopback()).isTrue();
        assertThat(new ListenAddress("::1", 0).isLoopback()).isTrue();
        assertThat(new ListenAddress("localhost", 0).isLoopback()).isTrue();
        assertThat(new ListenAddress("0.0.0.0", 0).isLoopback()).isFalse();
        assertThat(new ListenAddress("::", 0).isLoopback()).isFalse();
        assertThat(new ListenAddress("192.0.2.1", 0).isLoopback()).isFalse();
    }

    @Test
    void theProxyRefusesToListenOnANonLoopbackAddressUnlessAllowed() {
        try (VeniceProxy proxy = VeniceProxy.builder().listen(new ListenAddress("0.0.0.0", 0)).build()) {
            assertThatThrownBy(proxy::start).isInstanceOf(ProxyException.RemoteListenRefused.class)
                    .hasMessageContaining("not a loopback address").hasMessageContaining("--allow-remote");
        }
    }
}
