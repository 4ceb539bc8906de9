package org.tracerelay.export.langsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.enterprise.Tasks;

/** Where LangSmith's runs go: the endpoint's path prefix, the workspace header, multipart or batch. */
class LangSmithWireTest {

    FakeBackend backend;
    LangSmithExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = LangSmithExporterTest.exporter();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    Destination at(String endpoint, String workspace) {
        return new Destination("langsmith/app", "langsmith", Tasks.APP, Map.of("api_key", "lsv2_sk_key", "project", "dify",
                "endpoint", endpoint, "workspace_id", workspace));
    }

    static List<ExportItem> message() {
        return List.of(new ExportItem("d1", Tasks.message(""), Instant.parse("2026-11-21T10:00:00Z")));
    }

    @Test
    void aSelfHostedLangSmithUnderAPathPrefixIsReachedThere() {
        String endpoint = LangSmithConfig.MODEL.apply(Map.of("api_key", "k", "project", "p",
                "endpoint", backend.url().replace("http:", "https:") + "/api/v1/")).config().get("endpoint");
        assertEquals(backend.url().replace("http:", "https:") + "/api/v1", endpoint, "the config keeps the path");

        exporter.export(at(backend.url() + "/api/v1", ""), message());
        assertEquals("/api/v1/runs/multipart", backend.requests().get(0).target());
    }

    @Test
    void anOrgScopedKeyCarriesItsWorkspaceAsXTenantId() {
        exporter.export(at(backend.url(), " ws-1 "), message());
        assertEquals("ws-1", backend.requests().get(0).headers().get("x-tenant-id"));
        exporter.export(at(backend.url(), ""), message());
        assertNull(backend.requests().get(1).headers().get("x-tenant-id"));
    }

    @Test
    void aServerWithoutMultipartGetsTheSameRunsAsABatch() {
        backend.answer(r -> r.target().endsWith("/runs/multipart") ? FakeBackend.Answer.of(404, "")
                : FakeBackend.Answer.json(202, "{}"));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), exporter.export(at(backend.url(), ""), message()));
        assertEquals(List.of("/runs/multipart", "/runs/batch"), backend.requests().stream().map(FakeBackend.Request::target).toList());
        assertEquals(LangSmithExporterTest.runs(backend.requests().get(0)), LangSmithExporterTest.runs(backend.requests().get(1)));
    }

}
