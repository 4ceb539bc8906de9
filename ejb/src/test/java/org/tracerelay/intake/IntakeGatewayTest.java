package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.json.JsonValue;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

class IntakeGatewayTest {

    /** The producer calls the gateway makes, by name and arguments. */
    private final List<String> calls = new ArrayList<>();

    @Test
    void restBatchesGoAtTheHighestPrioritySoNoProducersMessageIsTakenBeforeThem() {
        IntakeGateway gateway = new IntakeGateway();
        gateway.batches = new RelayBatches() {
            @Override
            public byte[] seal(String tenant, byte[] json) {
                return json;
            }
        };
        gateway.mark = new RelayMark(new MasterKeys(key(), null), Duration.ofDays(7));
        gateway.queue = (Queue) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Queue.class}, (p, m, a) -> null);
        JMSProducer producer = (JMSProducer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JMSProducer.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + (method.getName().equals("setPriority") ? "=" + args[0] : ""));
                    return method.getReturnType() == JMSProducer.class ? proxy : null;
                });
        gateway.jms = (JMSContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JMSContext.class},
                (proxy, method, args) -> method.getName().equals("createProducer") ? producer : null);

        gateway.enqueue(List.of(new TaskEnvelope("t1", "a1", "acme", TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT)));

        assertEquals(List.of("setPriority=9"), calls.stream().filter(c -> c.startsWith("setPriority")).toList());
        assertEquals("send", calls.get(calls.size() - 1));
    }

    @Test
    void aRequestOfTwoTenantsIsOneMessagePerTenantEachSealedForItsOwn() {
        List<String> sealedFor = new ArrayList<>();
        IntakeGateway gateway = new IntakeGateway();
        gateway.batches = new RelayBatches() {
            @Override
            public byte[] seal(String tenant, byte[] json) {
                sealedFor.add(tenant);
                return (tenant + ":" + new String(json, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        };
        gateway.mark = new RelayMark(new MasterKeys(key(), null), Duration.ofDays(7));
        gateway.queue = (Queue) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Queue.class}, (p, m, a) -> null);
        List<String> sent = new ArrayList<>();
        JMSProducer producer = (JMSProducer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JMSProducer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setProperty") && RelayBatches.SEALED_FOR.equals(args[0])) {
                        sent.add("for " + args[1]);
                    } else if (method.getName().equals("send")) {
                        sent.add(new String((byte[]) args[1], java.nio.charset.StandardCharsets.UTF_8).substring(0, 6));
                    }
                    return method.getReturnType() == JMSProducer.class ? proxy : null;
                });
        gateway.jms = (JMSContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JMSContext.class},
                (proxy, method, args) -> method.getName().equals("createProducer") ? producer : null);

        gateway.enqueue(List.of(new TaskEnvelope("t1", "a1", "acme", TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT),
                new TaskEnvelope("t2", "g1", "globex", TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT),
                new TaskEnvelope("t3", "a1", "acme", TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT)));

        assertEquals(List.of("acme", "globex"), sealedFor);
        assertEquals(List.of("for acme", "acme:[", "for globex", "globex"), sent);
    }

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
