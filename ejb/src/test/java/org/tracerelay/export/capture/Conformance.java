package org.tracerelay.export.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.tracerelay.export.FakeBackend;

/**
 * The shared base of the vendor conformance tests: the vendor's own SDK records a trace against the
 * capture server ({@link #sdk}), Trace Relay's exporter sends the equivalent Dify task to a
 * {@link FakeBackend} ({@link #ours}), and the tests compare the two in the same decoded form.
 */
public abstract class Conformance {

    protected FakeBackend backend;

    @BeforeEach
    void startBackend() throws Exception {
        backend = new FakeBackend();
    }

    @AfterEach
    void stopBackend() {
        backend.close();
    }

    /** What the vendor's SDK sent, from its capture script. */
    protected static List<JsonObject> sdk(String script) {
        return SdkCapture.run(script);
    }

    /** What Trace Relay sent so far, decoded alike. */
    protected List<JsonObject> ours() {
        return Captured.of(backend.requests());
    }

    /** Method, path (after the base path), content type and the named headers are the SDK's. */
    protected static void assertSameRequest(JsonObject sdk, JsonObject ours, String... headers) {
        assertEquals(sdk.getString("method"), ours.getString("method"));
        assertEquals(sdk.getString("path"), ours.getString("path"));
        assertEquals(sdk.getString("content_type"), ours.getString("content_type"), "content type of " + sdk.getString("path"));
        for (String h : headers) {
            assertEquals(sdk.getJsonObject("headers").getString(h, null), ours.getJsonObject("headers").getString(h, null), "header " + h);
        }
    }

    /** The first span matching {@code which}, or a failure naming what there was. */
    protected static JsonObject span(List<JsonObject> spans, String what, Predicate<JsonObject> which) {
        return spans.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no " + what + " span among "
                + spans.stream().map(s -> s.getString("name") + Shapes.attributes(s).keySet()).toList()));
    }

    /** Attribute types with the keys under each of {@code families} folded to {@code family.*}. */
    protected static Map<String, String> folded(JsonObject span, String... families) {
        Map<String, String> out = new TreeMap<>();
        Shapes.attributes(span).forEach((k, type) -> {
            String key = k;
            for (String f : families) {
                if (k.startsWith(f + ".")) {
                    key = f + ".*";
                }
            }
            out.put(key, type);
        });
        return out;
    }

    protected static void assertHexId(String what, String id, int bytes) {
        assertTrue(id.matches("[0-9a-f]{" + (bytes * 2) + "}"), what + " is not " + bytes + " bytes of lowercase hex: " + id);
    }

    protected static Set<String> none() {
        return Set.of();
    }
}
