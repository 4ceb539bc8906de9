package org.tracerelay.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bypass forms an admin could type to reach the relay's own network; each must be refused. */
class AddressPolicyTest {

    /** A DNS of our own: names that resolve to internal addresses, as an attacker's domain would. */
    static final Map<String, String> DNS = Map.of(
            "collector.example.com", "93.184.216.34",
            "rebind.example.com", "10.0.0.7",
            "metadata.example.com", "169.254.169.254",
            "v6private.example.com", "fd12:3456::1",
            "mixed.example.com", "93.184.216.34,127.0.0.1");

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String ips = DNS.get(host);
        if (ips == null) {
            // IP literals resolve to themselves without any lookup
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            if (host.equals("localhost")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        }
        String[] parts = ips.split(",");
        InetAddress[] out = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = InetAddress.getByName(parts[i]);
        }
        return out;
    }

    private final AddressPolicy strict = new AddressPolicy(List.of(), AddressPolicyTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1:4318/v1/traces",
        "http://localhost:4318",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://0x7f000001/",
        "http://017700000001/",
        "http://127.1/",
        "http://127.0.0.1./",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:a00:1]/",
        "http://[fe80::1%25eth0]/",
        "http://[fe80::1]/",
        "http://[fd12:3456::1]/",
        "http://user@collector.example.com/",
        "http://collector.example.com@127.0.0.1/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://224.0.0.1/",
        "http://rebind.example.com/",
        "http://metadata.example.com/",
        "http://v6private.example.com/",
        "http://mixed.example.com/",
        "http://no-such-host.invalid/",
        "ftp://collector.example.com/",
        "file:///etc/passwd",
        "gopher://collector.example.com:70/"
    })
    void refused(String url) {
        assertNotNull(strict.refusal(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://collector.example.com/v1/traces", "http://93.184.216.34:4318", "HTTPS://Collector.Example.COM"})
    void publicAddressesPass(String url) {
        assertNull(strict.refusal(url), url);
    }

    @Test
    void anAllowListLetsTheDeploymentReachItsOwnCollector() {
        AddressPolicy local = new AddressPolicy(List.of("127.0.0.0/8", "::1/128", "10.1.0.0/16"), AddressPolicyTest::resolve);
        assertNull(local.refusal("http://127.0.0.1:4318"));
        assertNull(local.refusal("http://localhost:4318"));
        assertNull(local.refusal("http://[::1]:4318"));
        assertNull(local.refusal("http://10.1.2.3:4318"));
        assertNotNull(local.refusal("http://10.2.0.1:4318"));
        assertNotNull(local.refusal("http://169.254.169.254/"));
        assertNotNull(local.refusal("http://2130706433/"), "ambiguous forms stay refused even when their address is allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://169.254.169.254/|the host resolves to a cloud metadata address",
        "http://10.0.0.1/|the host resolves to a private address",
        "http://0x7f000001/|IP addresses must be written as four decimal parts",
        "http://u:p@collector.example.com/|URLs with user info are not allowed"
    })
    void reasonsAreSpecificAndCarryNoSecret(String url, String reason) {
        assertEquals(reason, strict.refusal(url));
    }
}
