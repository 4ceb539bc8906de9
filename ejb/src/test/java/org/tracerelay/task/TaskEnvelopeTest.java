package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

class TaskEnvelopeTest {

    private static TaskEnvelope feedback(jakarta.json.JsonObjectBuilder info) {
        var r = new EnvelopeValidator().validate(EnvelopeValidatorTest.envelope(TraceInfoType.FeedbackEvent, info), "items[0]");
        assertEquals(java.util.List.of(), r.violations());
        return r.envelope();
    }

    @Test
    void aSessionIdCannotGoIntoMetadataThatIsNotAnObject() {
        TaskEnvelope task = feedback(EnvelopeValidatorTest.minimal(TraceInfoType.FeedbackEvent).add("metadata", "text"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task.withRequestContext(null, "s1"));
        assertEquals("must be an object to carry X-Trace-Session-Id", e.getMessage());
        // Without a session id the metadata is not touched, whatever it holds.
        assertEquals(task, task.withRequestContext(null, null));
    }

    @Test
    void aSessionIdJoinsObjectMetadataOrTakesTheAbsentOrNullOne() {
        TaskEnvelope object = feedback(EnvelopeValidatorTest.minimal(TraceInfoType.FeedbackEvent)
                .add("metadata", Json.createObjectBuilder().add("k", "v")));
        assertEquals(Json.createObjectBuilder().add("k", "v").add("trace_session_id", "s1").build(),
                object.withRequestContext(null, "s1").traceInfo().getJsonObject("metadata"));
        TaskEnvelope none = feedback(EnvelopeValidatorTest.minimal(TraceInfoType.FeedbackEvent).addNull("metadata"));
        assertEquals("s1", none.withRequestContext(null, "s1").traceInfo().getJsonObject("metadata").getString("trace_session_id"));
    }
}
