package org.tracerelay.export.databricks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * api/2.0/mlflow/traces/{id}/credentials-for-data-upload}, and a {@code PUT} of the spans to the
 * signed URL it returns, without our Authorization header (the URL is its own credential). Auth is
 * a personal access token, else an OAuth M2M token of the service principal.
 */
@ApplicationScoped
public class DatabricksExporter extends ProviderExporter {

    /** Headers the HTTP client sets itself and refuses from the caller. */
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

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
            ExportHttp.Reply credentials = authorized(d, auth -> http.get(URI.create(host + "/api/2.0/mlflow/traces/"
                    + trace.id() + "/credentials-for-data-upload"), auth, null, ExportHttp.Origin.ADMIN));
            if (!credentials.ok()) {
                return HttpOutcomes.vendor(credentials.status(), credentials.retryAfter());
            }
            Optional<SignedUpload> upload = SignedUpload.of(credentials);
            if (upload.isEmpty()) {
                return ExportOutcome.retry("upload_credentials_unreadable", "Databricks answered no signed upload URL", null);
            }
            // The signed URL names its own storage host: it passes the outbound guard like any admin URL.
            ExportHttp.Reply put = http.put(upload.get().uri(), upload.get().headers(), "application/json", trace.spansBody(),
                    null, ExportHttp.Origin.ADMIN);
            if (put.status() == 401 || put.status() == 403) {
                // an expired or refused signature: the next attempt asks for a new URL
                return ExportOutcome.retry("upload_refused", "the signed upload URL was refused (" + put.status() + ")", null);
            }
            return HttpOutcomes.vendor(put.status(), put.retryAfter());
        } catch (DatabricksTokens.Refused refused) {
            return refused.outcome();
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
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

    /** Databricks' REST errors name their kind in {@code error_code}; the body is read, never kept. */

    /** {@code credential_info}: the signed URL and the headers its storage wants (Azure: the blob type). */
    record SignedUpload(URI uri, Map<String, String> headers) {

        static Optional<SignedUpload> of(ExportHttp.Reply reply) {
            Optional<byte[]> body = reply.wholeBody();
            if (body.isEmpty()) {
                return Optional.empty();
            }
            try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(body.get()))) {
                JsonValue info = r.readObject().get("credential_info");
                if (!(info instanceof JsonObject ci) || !(ci.get("signed_uri") instanceof JsonString uri)) {
                    return Optional.empty();
                }
                Map<String, String> headers = new LinkedHashMap<>();
                if (ci.get("headers") instanceof JsonArray list) {
                    for (JsonValue h : list) {
                        if (h instanceof JsonObject o && o.get("name") instanceof JsonString n && o.get("value") instanceof JsonString v
                                && !CLIENT_HEADERS.contains(n.getString().toLowerCase(Locale.ROOT))
                                && !"authorization".equalsIgnoreCase(n.getString())) {
                            headers.put(n.getString(), v.getString());
                        }
                    }
                }
                URI signed = URI.create(uri.getString());
                return signed.getScheme() == null || signed.getHost() == null ? Optional.empty()
                        : Optional.of(new SignedUpload(signed, headers));
            } catch (JsonException | IllegalArgumentException | IllegalStateException | ClassCastException unreadable) {
                return Optional.empty();
            }
        }
    }
}
