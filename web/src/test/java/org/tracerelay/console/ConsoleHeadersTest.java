package org.tracerelay.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleHeadersTest {

    @Test
    void theSignInProvidersOriginAloneJoinsConnectSrc() {
        String policy = ConsoleHeaders.policy(Optional.of("https://login.example.org:8443/realms/acme"));
        assertTrue(policy.contains("connect-src 'self' https://login.example.org:8443;"), policy);
        assertEquals(ConsoleHeaders.POLICY, ConsoleHeaders.policy(Optional.empty()));
    }

    @Test
    void anIssuerThatIsNoHttpUrlAddsNothingToThePolicy() {
        assertEquals(ConsoleHeaders.POLICY, ConsoleHeaders.policy(Optional.of("https://evil.example; script-src *")));
        assertEquals(ConsoleHeaders.POLICY, ConsoleHeaders.policy(Optional.of("javascript:alert(1)")));
    }
}
