package io.venice.e2ee.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EthAddressTest {
    @Test
    void derivesTheGoldenAddressesFrom65And64ByteKeys() {
        JsonNode addresses = TestVectors.json("venice/e2ee_vectors.json").get("addresses");
        assertThat(addresses.size()).isPositive();
        for (JsonNode v : addresses) {
            byte[] key = Hex.decode(v.get("publicKey").asText());
            EthAddress a = EthAddress.ofPublicKey(key);
            assertThat(a.toLowerCase()).isEqualTo(v.get("address").asText());
            assertThat(a.toChecksum()).isEqualTo(v.get("checksumAddress").asText());
            assertThat(EthAddress.ofPublicKey(Hex.decode(v.get("publicKeyNo04").asText()))).isEqualTo(a);
            assertThat(EthAddress.parse(v.get("checksumAddress").asText())).isEqualTo(a);
            assertThat(a.matches(v.get("checksumAddress").asText().toUpperCase().replace("0X", "0x"))).isTrue();
            assertThat(a.toString()).isEqualTo(a.toLowerCase());
            assertThat(a.hashCode()).isEqualTo(EthAddress.parse(a.toLowerCase()).hashCode());
        }
    }

    @Test
    void eip55ReferenceExamples() {
        for (String s : new String[] {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
            assertThat(EthAddress.parse(s.toLowerCase()).toChecksum()).isEqualTo(s);
        }
    }

    @Test
    void refusesMalformedKeysAndAddresses() {
        assertThatThrownBy(() -> EthAddress.ofPublicKey(new byte[65])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthAddress.ofPublicKey(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        for (String bad : new String[] {null, "", "0x", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd",
                "1x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg"}) {
            assertThatThrownBy(() -> EthAddress.parse(bad)).as("%s", bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(EthAddress.parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").matches(null)).isFalse();
    }

    @Test
    void matchesWithOrWithoutThePrefixInAnyCase() {
        EthAddress a = EthAddress.parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        assertThat(a.matches("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isTrue();
        assertThat(a.matches("5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")).isTrue();
        assertThat(a.matches("0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")).isTrue();
        assertThat(a.matches(" 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed ")).isTrue();
        assertThat(a.matches("5aaeb6053f3e94c9b9a09f33669435e7ef1beaee")).isFalse();
        assertThat(a.matches("0x0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")).isFalse();
        assertThat(a.matches("aeb6053f3e94c9b9a09f33669435e7ef1beaed")).isFalse();
        assertThat(a.matches("")).isFalse();
    }
}
