package org.tracerelay.export.opik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.enterprise.Tasks;

/**
 * Against an Opik that takes ids only within 12 hours of its now, as newer servers do: a resend
 * soon after repeats its ids, a late resend is taken under moved ids after deleting the earlier copy.
 */
class OpikLateResendTest {

    static final Instant RUN_START = Instant.parse("2026-11-21T09:00:00Z");
    static final Duration WINDOW = Duration.ofHours(12);

    FakeBackend opik;
    OpikExporter exporter;
    volatile Instant serverNow;

    @BeforeEach
    void start() throws Exception {
        opik = new FakeBackend();
        opik.answer(r -> {
            if (!r.target().endsWith("/batch")) {
                return FakeBackend.Answer.json(204, "");
            }
            JsonObject body = Json.createReader(new StringReader(r.text())).readObject();
            for (JsonValue v : body.getJsonArray(r.target().contains("traces") ? "traces" : "spans")) {
                Instant embedded = Instant.ofEpochMilli(UUID.fromString(v.asJsonObject().getString("id")).getMostSignificantBits() >>> 16);
                if (embedded.isBefore(serverNow.minus(WINDOW)) || embedded.isAfter(serverNow.plus(WINDOW))) {
                    return FakeBackend.Answer.json(400, "{\"errors\":[\"id with timestamp must be in the allowed ingestion window\"]}");
                }
            }
            return FakeBackend.Answer.json(204, "");
        });
        exporter = new OpikExporter();
        exporter.http = FakeBackend.http();
        exporter.checkTimeout = Duration.ofSeconds(2);
        exporter.idWindow = WINDOW;
    }

    @AfterEach
    void stop() {
        opik.close();
    }

    Map<String, ExportOutcome> exportAt(Instant now) {
        serverNow = now;
        exporter.clock = Clock.fixed(now, ZoneOffset.UTC);
        Destination d = new Destination("opik/app", "opik", Tasks.APP, Map.of("url", opik.url() + "/api/"));
        return exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), Instant.parse("2026-11-21T10:00:00Z"))));
    }

    List<String> traceIds() {
        return opik.requests().stream().filter(r -> r.target().endsWith("traces/batch"))
                .flatMap(r -> Json.createReader(new StringReader(r.text())).readObject().getJsonArray("traces").stream())
                .map(v -> v.asJsonObject().getString("id")).toList();
    }

    @Test
    void aResendWithinTheWindowRepeatsItsIds() {
        exportAt(RUN_START.plus(Duration.ofMinutes(5)));
        exportAt(RUN_START.plus(Duration.ofHours(5)));
        List<String> ids = traceIds();
        assertEquals(2, ids.size());
        assertEquals(ids.get(0), ids.get(1));
        assertEquals(OpikIds.uuid7(RUN_START, Tasks.MESSAGE), ids.get(0), "the task's own time");
        assertTrue(opik.requests().stream().noneMatch(r -> r.target().endsWith("traces/delete")));
    }

    @Test
    void aRetryTwoDaysLaterIsTakenUnderMovedIdsAfterTheEarlierCopyIsDeleted() {
        exportAt(RUN_START.plus(Duration.ofMinutes(5)));
        String first = traceIds().get(0);

        Instant late = RUN_START.plus(Duration.ofHours(51));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), exportAt(late));

        String moved = traceIds().get(1);
        Instant embedded = Instant.ofEpochMilli(UUID.fromString(moved).getMostSignificantBits() >>> 16);
        assertTrue(!embedded.isBefore(late.minus(WINDOW.dividedBy(2))) && embedded.isBefore(late), "within the window: " + embedded);
        FakeBackend.Request delete = opik.requests().stream().filter(r -> r.target().endsWith("traces/delete")).findFirst()
                .orElseThrow(() -> new AssertionError("the earlier copy was not deleted"));
        assertTrue(delete.text().contains(first), delete.text());
        assertTrue(opik.requests().indexOf(delete) < opik.requests().size() - 2, "deleted before the traces and spans are sent");

        // Another retry in the same half-window (counted in half-windows from the task's time: 48 h to 54 h) repeats them.
        exportAt(late.plus(Duration.ofHours(1)));
        assertEquals(moved, traceIds().get(2));
    }
}
