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

/** Bypass forms an admin could type to reach the relay's own network; each must be refused, saying why. */
class AddressPolicyTest {

    /** A DNS of our own: names that resolve to internal addresses, as an attacker's domain would. */
    static final Map<String, String> DNS = Map.of(
            "collector.example.com", "93.184.216.34",
            "rebind.example.com", "10.0.0.7",
            "metadata.example.com", "169.254.169.254",
            "v6private.example.com", "fd12:3456::1",
            "mixed.example.com", "93.184.216.34,127.0.0.1",
            "nat64.example.com", "64:ff9b::c0a8:101");

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

    /** Each form with the exact reason an operator reads in the admin API's 400 answer. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        http://127.0.0.1:4318/v1/traces          | the host resolves to a loopback address
        http://localhost:4318                    | the host resolves to a loopback address
        http://2130706433/                       | IP addresses must be written as four decimal parts, not as one number
        http://0177.0.0.1/                       | IP addresses must be written as four decimal parts, without leading zeros (they read as octal)
        http://0x7f.0.0.1/                       | IP addresses must be written as four decimal parts, not in hex
        http://0x7f000001/                       | IP addresses must be written as four decimal parts, not in hex
        http://017700000001/                     | IP addresses must be written as four decimal parts, without leading zeros (they read as octal)
        http://127.1/                            | IP addresses must be written as four decimal parts, not shortened
        http://127.0.0.1./                       | IP addresses must be written as four decimal parts, without a trailing dot
        http://[::1]/                            | the host resolves to a loopback address
        http://[::ffff:127.0.0.1]/               | the host resolves to a loopback address
        http://[::ffff:7f00:1]/                  | the host resolves to a loopback address
        http://[0:0:0:0:0:ffff:a00:1]/           | the host resolves to a private address
        http://[fe80::1%25eth0]/                 | IPv6 zone ids are not allowed
        http://[64:ff9b::7f00:1]/                | the host resolves to a loopback address
        http://[64:ff9b::10.0.0.1]/              | the host resolves to a private address
        http://[64:ff9b::a9fe:a9fe]/             | the host resolves to a cloud metadata address
        http://[64:ff9b:1::a00:1]/               | the host resolves to a local-use NAT64 address
        http://[64:ff9b:1:ffff::5db8:d822]/      | the host resolves to a local-use NAT64 address
        http://[2002:a00:1::1]/                  | the host resolves to a private address
        http://[2002:7f00:1::]/                  | the host resolves to a loopback address
        http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | the host resolves to a Teredo address
        http://nat64.example.com/                | the host resolves to a private address
        http://[fe80::1]/                        | the host resolves to a link-local address
        http://[fd12:3456::1]/                   | the host resolves to a unique-local address
        http://user@collector.example.com/       | URLs with user info are not allowed
        http://collector.example.com@127.0.0.1/  | URLs with user info are not allowed
        http://10.0.0.1/                         | the host resolves to a private address
        http://172.16.5.4/                       | the host resolves to a private address
        http://192.168.1.1/                      | the host resolves to a private address
        http://169.254.169.254/latest/meta-data/ | the host resolves to a cloud metadata address
        http://100.64.0.1/                       | the host resolves to a carrier-grade NAT address
        http://0.0.0.0/                          | the host resolves to an unspecified address
        http://[::]/                             | the host resolves to an unspecified address
        http://224.0.0.1/                        | the host resolves to a multicast address
        http://rebind.example.com/               | the host resolves to a private address
        http://metadata.example.com/             | the host resolves to a cloud metadata address
        http://v6private.example.com/            | the host resolves to a unique-local address
        http://mixed.example.com/                | the host resolves to a loopback address
        http://no-such-host.invalid/             | the host does not resolve
        ftp://collector.example.com/             | only http and https URLs are allowed
        file:///etc/passwd                       | only http and https URLs are allowed
        gopher://collector.example.com:70/       | only http and https URLs are allowed
        """)
    void refusedWithItsReason(String url, String reason) {
        assertEquals(reason, strict.refusal(url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://collector.example.com/v1/traces", "http://93.184.216.34:4318", "HTTPS://Collector.Example.COM",
        "http://[64:ff9b::5db8:d822]/", "http://[2002:5db8:d822::1]/"})
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

    /** Hosts no bypass needs, refused all the same: the reason names what is wrong with them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        http://256.1.1.1/               | IP addresses must be written as four decimal parts from 0 to 255
        http://1.2.3.4.5:4318/          | IP addresses must be written as four decimal parts from 0 to 255
        http://my_collector.example.com | the host is not a valid host name
        http:///v1/traces               | the URL has no host
        http://exa mple.com/            | not a valid URL
        """)
    void unusableHostsAreRefusedWithTheirFault(String url, String reason) {
        assertEquals(reason, strict.refusal(url), url);
    }

    @Test
    void aCheckHandsOverTheAddressesItJudged() {
        AddressPolicy.Checked checked = strict.check("https://collector.example.com/v1/traces");
        assertNull(checked.refusal());
        assertEquals(List.of("93.184.216.34"), checked.addresses().stream().map(InetAddress::getHostAddress).toList());
        assertEquals(List.of(), strict.check("http://rebind.example.com/").addresses());
    }

    @Test
    void aPasswordInTheUrlIsNeverEchoed() {
        assertEquals("URLs with user info are not allowed", strict.refusal("http://u:s3cret@collector.example.com/"));
    }
}
