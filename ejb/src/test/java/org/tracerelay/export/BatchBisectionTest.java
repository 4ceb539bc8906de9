package org.tracerelay.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

class BatchBisectionTest {

    static List<ExportItem> items(int n) {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new ExportItem("d" + i, new TaskEnvelope("t" + i, null, "acme", TraceInfoType.ModerationTraceInfo,
                    Json.createObjectBuilder().build()), Instant.EPOCH));
        }
        return items;
    }

    @Test
    void onlyThePoisonItemDies() {
        List<Integer> requestSizes = new ArrayList<>();
        Map<String, ExportOutcome> out = BatchBisection.send(items(8), part -> {
            requestSizes.add(part.size());
            return part.stream().anyMatch(i -> i.deliveryId().equals("d5"))
                    ? ExportOutcome.dead("http_400", "refused") : ExportOutcome.delivered();
        });
        assertEquals(8, out.size());
        assertEquals(ExportOutcome.Kind.DEAD, out.get("d5").kind());
        assertEquals(7, out.values().stream().filter(o -> o.kind() == ExportOutcome.Kind.DELIVERED).count());
        assertEquals(List.of(8, 4, 4, 2, 1, 1, 2), requestSizes, "a few halvings, not one request per item");
    }

    @Test
    void aRetryableAnswerIsNotSplit() {
        List<Integer> requestSizes = new ArrayList<>();
        Map<String, ExportOutcome> out = BatchBisection.send(items(4), part -> {
            requestSizes.add(part.size());
            return ExportOutcome.retry("http_503", "busy", null);
        });
        assertEquals(List.of(4), requestSizes);
        out.values().forEach(o -> assertEquals(ExportOutcome.Kind.RETRY, o.kind()));
    }

    @Test
    void anItemTheExporterCannotMapIsPoisonToo() {
        Map<String, ExportOutcome> out = BatchBisection.send(items(3), part -> {
            if (part.stream().anyMatch(i -> i.deliveryId().equals("d0"))) {
                throw new IllegalArgumentException("cannot map");
            }
            return ExportOutcome.delivered();
        });
        assertEquals("export_failed", out.get("d0").code());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("d1").kind());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("d2").kind());
    }

    @Test
    void aRefusalOfTheDestinationItselfIsNotSplit() {
        for (String code : List.of("http_401", "http_403", "http_404")) {
            List<Integer> requestSizes = new ArrayList<>();
            Map<String, ExportOutcome> out = BatchBisection.send(items(8), part -> {
                requestSizes.add(part.size());
                return ExportOutcome.dead(code, "refused");
            });
            assertEquals(List.of(8), requestSizes, "one request, not 2n-1");
            assertEquals(8, out.size());
            out.values().forEach(o -> assertEquals(code, o.code()));
        }
    }
}
