package org.tracerelay.export.databricks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExperimentCheck;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.json.Jsonp;

/**
 * Provider {@code databricks}: Databricks-managed MLflow over its trace REST API. A delivery is
 * three calls: {@code POST api/3.0/mlflow/traces} with the trace info, {@code GET
 * api/2.0/mlflow/traces/{id}/credentials-for-data-upload}, and the upload of the spans to the
 * signed URL it returns in the form its storage type asks for ({@link SpanUpload}), without our
 * Authorization header (the URL is its own credential). A trace whose spans could not be uploaded
 * is deleted. Auth is a personal access token, else an OAuth M2M token of the service principal.
 */
@ApplicationScoped
public class DatabricksExporter extends ProviderExporter {

    @Inject
    ExportHttp http;

    @Inject
    DatabricksTokens tokens;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public DatabricksExporter() {
        super(DatabricksConfig.MODEL, "https://www.databricks.com/");
    }

    /** Wired by hand instead of by CDI: the shared HTTP client, a token cache on it, the check's timeout. */
    public DatabricksExporter(ExportHttp http, Clock clock, Duration checkTimeout) {
        this();
        this.http = http;
        this.tokens = new DatabricksTokens(http, clock);
        this.checkTimeout = checkTimeout;
    }

    /**
     * Each task goes out alone, so a refused item dies alone without bisection. Once Databricks
     * refuses the destination (401/403/404) or asks to wait, the rest of the batch takes the same
     * outcome without a request.
     */
    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        ExportOutcome stop = null;
        for (ExportItem item : items) {
            if (stop != null) {
                outcomes.put(item.deliveryId(), stop);
                continue;
            }
            ExportOutcome outcome;
            try {
                outcome = deliver(d, item);
            } catch (RuntimeException unmappable) {
                outcome = ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName());
            }
            outcomes.put(item.deliveryId(), outcome);
            if (outcome.destinationRefused() || outcome.kind() == ExportOutcome.Kind.RETRY) {
                stop = outcome;
            }
        }
        return outcomes;
    }

    /**
     * The three steps of one delivery. A retry after a later step failed creates the same trace
     * id again, which Databricks answers with "already exists": the delivery carries on from there.
     */
    private ExportOutcome deliver(Destination d, ExportItem item) {
        RunTree tree = RunTrees.of(item.task(), item.receivedAt());
        if (tree.isEmpty()) {
            return ExportOutcome.delivered(); // app and feedback events are no traces
        }
        DatabricksTrace trace = DatabricksTrace.of(item.task(), tree, experimentId(d));
        String host = host(d);
        try {
            ExportHttp.Reply created = authorized(d, auth -> http.post(URI.create(host + "/api/3.0/mlflow/traces"), auth,
                    "application/json", trace.infoBody(), null, ExportHttp.Origin.ADMIN));
            if (!created.ok() && !alreadyExists(created)) {
                return HttpOutcomes.vendor(created.status(), created.retryAfter());
            }
            ExportOutcome uploaded = upload(d, host, trace);
            if (uploaded.kind() == ExportOutcome.Kind.DELIVERED) {
                return uploaded;
            }
            return withoutSpans(d, host, trace, uploaded);
        } catch (DatabricksTokens.Refused refused) {
            return refused.outcome();
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** Asks where the spans go and puts them there, as the credential's storage type asks. */
    private ExportOutcome upload(Destination d, String host, DatabricksTrace trace) throws DatabricksTokens.Refused {
        try {
            ExportHttp.Reply credentials = authorized(d, auth -> http.get(URI.create(host + "/api/2.0/mlflow/traces/"
                    + trace.id() + "/credentials-for-data-upload"), auth, null, ExportHttp.Origin.ADMIN));
            if (!credentials.ok()) {
                return HttpOutcomes.vendor(credentials.status(), credentials.retryAfter());
            }
            Optional<SpanUpload> upload = SpanUpload.of(credentials);
            if (upload.isEmpty()) {
                return ExportOutcome.retry("upload_credentials_unreadable",
                        "Databricks answered no signed upload URL of a storage type MLflow knows", null);
            }
            // The signed URL names its own storage host: it passes the outbound guard like any admin URL.
            return upload.get().send(http, trace.spansBody());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /**
     * The trace was created but its spans did not arrive: it is deleted, so no trace stays without
     * its spans (a retry creates it again). Should the delete fail too, a delivery that was to die
     * is retried instead, so a later attempt uploads the spans or deletes the trace.
     */
    private ExportOutcome withoutSpans(Destination d, String host, DatabricksTrace trace, ExportOutcome failed) {
        byte[] body = Jsonp.createObjectBuilder().add("experiment_id", experimentId(d))
                .add("request_ids", Jsonp.createArrayBuilder().add(trace.id())).build().toString().getBytes(StandardCharsets.UTF_8);
        boolean deleted;
        try {
            deleted = authorized(d, auth -> http.post(URI.create(host + "/api/2.0/mlflow/traces/delete-traces"), auth,
                    "application/json", body, null, ExportHttp.Origin.ADMIN)).ok();
        } catch (IOException | DatabricksTokens.Refused e) {
            deleted = false;
        }
        if (deleted || failed.kind() != ExportOutcome.Kind.DEAD) {
            return failed;
        }
        return ExportOutcome.retry("trace_without_spans", "the spans were refused (" + failed.code()
                + ") and the trace could not be deleted; the next attempt tries again", null);
    }

    /**
     * {@code GET api/2.0/mlflow/experiments/get}: reads nothing but proves both the credentials
     * and the experiment. 401/403 refuse the credentials; 404 or {@code RESOURCE_DOES_NOT_EXIST}
     * mean the experiment is not there.
     */
    @Override
    public ExportOutcome verify(Destination d) {
        String missing = DatabricksConfig.missingCredentials(d.settings());
        if (missing != null) {
            return ExportOutcome.dead("missing_credentials", missing);
        }
        URI uri = URI.create(host(d) + "/api/2.0/mlflow/experiments/get?experiment_id="
                + URLEncoder.encode(experimentId(d), StandardCharsets.UTF_8));
        ExportHttp.Reply reply;
        try {
            reply = authorized(d, auth -> http.get(uri, auth, checkTimeout, ExportHttp.Origin.ADMIN));
        } catch (DatabricksTokens.Refused refused) {
            return refused.outcome().destinationRefused()
                    ? ExportOutcome.dead("invalid_credentials", refused.outcome().detail()) : refused.outcome();
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        return ExperimentCheck.outcome(reply, "Databricks", experimentId(d));
    }

    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(host(d) + "/ml/experiments/" + experimentId(d) + "/traces");
    }

    /** One call with the destination's bearer; an OAuth token Databricks refuses is replaced once. */
    private ExportHttp.Reply authorized(Destination d, Call call) throws IOException, DatabricksTokens.Refused {
        ExportHttp.Reply reply = call.with(authorization(d));
        if (reply.status() == 401 && !usesToken(d)) {
            tokens.forget(d, host(d));
            reply = call.with(authorization(d));
        }
        return reply;
    }

    @FunctionalInterface
    private interface Call {
        ExportHttp.Reply with(Map<String, String> authorization) throws IOException;
    }

    /** A personal access token wins, as in the Databricks SDK's default auth order; else OAuth M2M. */
    private Map<String, String> authorization(Destination d) throws IOException, DatabricksTokens.Refused {
        String bearer = usesToken(d) ? d.setting("personal_access_token").trim() : tokens.bearer(d, host(d), checkTimeout);
        return Map.of("Authorization", "Bearer " + bearer);
    }

    private static boolean usesToken(Destination d) {
        String pat = d.setting("personal_access_token");
        return pat != null && !pat.isBlank();
    }

    /** The workspace URL; a bare hostname stored before the config rule added the scheme means https. */
    static String host(Destination d) {
        String host = d.url("host", "");
        return host.contains("://") ? host : "https://" + host;
    }

    static String experimentId(Destination d) {
        String id = d.setting("experiment_id");
        return id == null ? "" : id.trim();
    }

    /** The create of a trace id that exists: an earlier attempt got this far. */
    private static boolean alreadyExists(ExportHttp.Reply reply) {
        return reply.status() == 409 || ExperimentCheck.names(reply, "RESOURCE_ALREADY_EXISTS")
                || ExperimentCheck.names(reply, "ALREADY_EXISTS");
    }
}
