package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnterpriseSettingsTest {

    static EnterpriseSettings read(Map<String, String> env) {
        return EnterpriseSettings.read(env::get, "host-1");
    }

    static Map<String, String> on() {
        Map<String, String> env = new HashMap<>();
        env.put("ENTERPRISE_ENABLED", "true");
        env.put("ENTERPRISE_TELEMETRY_ENABLED", "true");
        env.put("ENTERPRISE_OTLP_ENDPOINT", "http://otel-collector:4318");
        return env;
    }

    @Test
    void defaults() {
        EnterpriseSettings s = read(on());
        assertTrue(s.enabled());
        assertEquals(EnterpriseSettings.Protocol.HTTP, s.protocol());
        assertTrue(s.includeContent());
        assertEquals("dify", s.serviceName());
        assertEquals(1.0, s.samplingRate());
        assertEquals(Map.of("service.name", "dify", "host.name", "host-1"), s.resource());
    }

    @Test
    void bothSwitchesAndAnEndpointAreNeeded() {
        Map<String, String> env = on();
        env.put("ENTERPRISE_ENABLED", "false");
        assertFalse(read(env).enabled());
        env = on();
        env.remove("ENTERPRISE_TELEMETRY_ENABLED");
        assertFalse(read(env).enabled());
        env = on();
        env.put("ENTERPRISE_OTLP_ENDPOINT", " ");
        assertFalse(read(env).enabled());
    }

    @Test
    void headersSplitAtTheFirstEqualsTrimmedAndDecoded() {
        assertEquals(Map.of("a", "b", "c", "d=e", "x-scope-orgid", "tenant 1"),
                EnterpriseSettings.headers(" a = b ,c=d=e,broken, x-scope-orgid=tenant%201", null));
    }

    @Test
    void apiKeyBecomesBearerAndWins() {
        assertEquals(Map.of("authorization", "Bearer k-123", "x", "y"),
                EnterpriseSettings.headers("Authorization=Basic abc,x=y", "k-123"));
    }

    @Test
    void protocolAndRate() {
        Map<String, String> env = on();
        env.put("ENTERPRISE_OTLP_PROTOCOL", "GRPC");
        env.put("ENTERPRISE_OTEL_SAMPLING_RATE", "0.25");
        env.put("ENTERPRISE_INCLUDE_CONTENT", "false");
        EnterpriseSettings s = read(env);
        assertEquals(EnterpriseSettings.Protocol.GRPC, s.protocol());
        assertEquals(0.25, s.samplingRate());
        assertFalse(s.gate().includeContent());
        env.put("ENTERPRISE_OTEL_SAMPLING_RATE", "1.5");
        assertThrows(IllegalArgumentException.class, () -> read(env));
    }

    @Test
    void headerValuesStayOutOfToString() {
        Map<String, String> env = on();
        env.put("ENTERPRISE_OTLP_API_KEY", "secret-key");
        assertFalse(read(env).toString().contains("secret-key"));
    }
}
