package org.tracerelay.export.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capture method itself: a vendor SDK from the pinned venv runs against the capture server and
 * its requests come back decoded (here Langfuse's OTLP spans, with hex ids and typed attributes).
 */
class SdkCaptureIT {

    @Test
    void langfuseSdkRequestsComeBackDecoded() {
        List<JsonObject> captured = SdkCapture.run("langfuse_sdk.py");
        JsonObject otlp = Captured.request(captured, "POST", "/api/public/otel/v1/traces");
        assertEquals("application/x-protobuf", otlp.getString("content_type"));
        List<JsonObject> spans = Captured.spans(captured);
        assertEquals(List.of("code", "llm", "message", "weather"), spans.stream().map(s -> s.getString("name")).sorted().toList());
        spans.forEach(s -> assertEquals(32, s.getString("traceId").length()));
        assertFalse(Shapes.attributes(spans.get(0)).isEmpty());
    }
}
