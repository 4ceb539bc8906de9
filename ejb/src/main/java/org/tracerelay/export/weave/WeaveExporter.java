package org.tracerelay.export.weave;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.json.Jsonp;

/**
 * Provider {@code weave}: W&B Weave's trace server, Basic {@code api:<key>}. The W&B project is
 * made to exist first (see {@link WeaveProjectCreator}), at the check and before the first export. Calls go complete
 * (start and end in one) to {@code POST {endpoint}/v2/{entity}/{project}/calls/complete}, at most
 * 1000 calls and 31 MiB a request; a 413 halves the request; a server without that route (404)
 * gets the older {@code call/upsert_batch} start+end form, 100 items a request. A task's calls
 * never straddle two requests unless the task alone is over the limits.
 */
@ApplicationScoped
public class WeaveExporter extends ProviderExporter {

    static final String DEFAULT_ENDPOINT = "https://trace.wandb.ai";
    static final String DEFAULT_WEB = "https://wandb.ai";
    static final int MAX_CALLS = 1000;
    static final int MAX_BYTES = 31 * 1024 * 1024;
    /** What the calls of one request may take: the limit less the {@code {"batch":[...]}} wrapper. */
    private static final int MAX_CALL_BYTES = MAX_BYTES - 64;
    /** upsert_batch takes 100 items: a start and an end per call. */
    static final int MAX_UPSERT_CALLS = 50;
    private static final String JSON = "application/json";

    @Inject
    ExportHttp http;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    private WeaveProjects projects;
    private WeaveProjectCreator creator;

    protected WeaveExporter() {
        super(WeaveConfig.MODEL, "https://wandb.ai/");
    }

    /** Outside a container (domain tests). */
    public WeaveExporter(ExportHttp http, Duration checkTimeout) {
        this();
        this.http = http;
        this.checkTimeout = checkTimeout;
        init();
    }

    @PostConstruct
    void init() {
        projects = new WeaveProjects(http);
        creator = new WeaveProjectCreator(http);
    }

    /** A task and its runs, before the project id is known. */
    private record Traced(ExportItem item, RunTree tree) {
    }

    /** One task's calls and their serialized size. */
    private record Pending(ExportItem item, List<JsonObject> calls, int bytes) {
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        List<Traced> traces = new ArrayList<>();
        for (ExportItem item : items) {
            try {
                RunTree tree = RunTrees.of(item.task(), item.receivedAt());
                if (tree.isEmpty()) {
                    outcomes.put(item.deliveryId(), ExportOutcome.delivered()); // app and feedback events: nothing to send
                } else {
                    traces.add(new Traced(item, tree));
                }
            } catch (RuntimeException unmappable) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
            }
        }
        if (traces.isEmpty()) {
            return outcomes;
        }
        WeaveProjects.Project project = existing(destination, null);
        if (!project.known()) {
            traces.forEach(t -> outcomes.put(t.item().deliveryId(), project.failure()));
            return outcomes;
        }
        List<Pending> group = new ArrayList<>();
        int calls = 0;
        int bytes = 0;
        for (Traced t : traces) {
            Pending p;
            try {
                List<JsonObject> mapped = WeaveCalls.of(t.tree(), project.id());
                p = new Pending(t.item(), mapped, mapped.stream().mapToInt(WeaveExporter::size).sum());
            } catch (RuntimeException unmappable) {
                outcomes.put(t.item().deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
                continue;
            }
            if (!group.isEmpty() && (calls + p.calls().size() > MAX_CALLS || bytes + p.bytes() > MAX_CALL_BYTES)) {
                outcomes.putAll(send(destination, project, group));
                group = new ArrayList<>();
                calls = 0;
                bytes = 0;
            }
            group.add(p);
            calls += p.calls().size();
            bytes += p.bytes();
        }
        if (!group.isEmpty()) {
            outcomes.putAll(send(destination, project, group));
        }
        return outcomes;
    }

    /** One request's worth of tasks; refused for good as a whole, it is bisected until the poison task dies alone. */
    private Map<String, ExportOutcome> send(Destination d, WeaveProjects.Project project, List<Pending> group) {
        Map<String, List<JsonObject>> callsOf = new HashMap<>();
        group.forEach(p -> callsOf.put(p.item().deliveryId(), p.calls()));
        return BatchBisection.send(group.stream().map(Pending::item).toList(), subset -> {
            List<JsonObject> calls = new ArrayList<>();
            subset.forEach(item -> calls.addAll(callsOf.get(item.deliveryId())));
            return inRequests(calls, MAX_CALLS, chunk -> complete(d, project, chunk));
        });
    }

    /** Sends the calls in requests within the limits; the outcome is the worst of them. */
    private static ExportOutcome inRequests(List<JsonObject> calls, int maxCalls, Function<List<JsonObject>, ExportOutcome> request) {
        ExportOutcome outcome = ExportOutcome.delivered();
        int from = 0;
        while (from < calls.size()) {
            int to = from;
            int bytes = 0;
            while (to < calls.size() && to - from < maxCalls && (to == from || bytes + size(calls.get(to)) <= MAX_CALL_BYTES)) {
                bytes += size(calls.get(to));
                to++;
            }
            outcome = Outcomes.worse(outcome, request.apply(calls.subList(from, to)));
            from = to;
        }
        return outcome;
    }

    private ExportOutcome complete(Destination d, WeaveProjects.Project project, List<JsonObject> calls) {
        var batch = Jsonp.createArrayBuilder();
        calls.forEach(batch::add);
        byte[] body = Jsonp.createObjectBuilder().add("batch", batch).build().toString().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoint(d) + "/v2/" + segment(project.entity()) + "/" + segment(project.name()) + "/calls/complete");
        try {
            ExportHttp.Reply reply = http.post(uri, auth(d), JSON, body, null, ExportHttp.Origin.ADMIN);
            if (reply.status() == 413 && calls.size() > 1) {
                return halves(calls, half -> complete(d, project, half));
            }
            if (reply.status() == 403 && projectNotFound(reply)) {
                creator.forget(d);
                return ExportOutcome.retry("weave_project_missing", "W&B has no project " + project.id()
                        + " (deleted since it was ensured); the next attempt creates it", null);
            }
            if (reply.status() == 404) {
                // An older trace server: the same calls as start and end items.
                return inRequests(calls, MAX_UPSERT_CALLS, chunk -> upsert(d, chunk));
            }
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** The trace server's 403 for a project that does not exist, told apart from a key without rights. */
    private static boolean projectNotFound(ExportHttp.Reply reply) {
        return reply.wholeBody().map(b -> new String(b, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                .contains("project not found")).orElse(false);
    }

    private ExportOutcome upsert(Destination d, List<JsonObject> calls) {
        var batch = Jsonp.createArrayBuilder();
        for (JsonObject call : calls) {
            batch.add(Jsonp.createObjectBuilder().add("mode", "start")
                    .add("req", Jsonp.createObjectBuilder().add("start", WeaveCalls.start(call))));
            batch.add(Jsonp.createObjectBuilder().add("mode", "end")
                    .add("req", Jsonp.createObjectBuilder().add("end", WeaveCalls.end(call))));
        }
        byte[] body = Jsonp.createObjectBuilder().add("batch", batch).build().toString().getBytes(StandardCharsets.UTF_8);
        try {
            ExportHttp.Reply reply = http.post(URI.create(endpoint(d) + "/call/upsert_batch"), auth(d), JSON, body, null,
                    ExportHttp.Origin.ADMIN);
            if (reply.status() == 413 && calls.size() > 1) {
                return halves(calls, half -> upsert(d, half));
            }
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    private static ExportOutcome halves(List<JsonObject> calls, Function<List<JsonObject>, ExportOutcome> request) {
        int half = calls.size() / 2;
        return Outcomes.worse(request.apply(calls.subList(0, half)), request.apply(calls.subList(half, calls.size())));
    }

    /** The destination's project, created first where W&B has none. */
    private WeaveProjects.Project existing(Destination d, Duration timeout) {
        WeaveProjects.Project configured = projects.resolve(d, timeout);
        return configured.known() ? creator.ensure(d, configured, timeout) : configured;
    }

    /** {@code POST {endpoint}/calls/query_stats {"project_id"}}: the key is good when Weave answers 2xx. */
    @Override
    public ExportOutcome verify(Destination destination) {
        WeaveProjects.Project project = existing(destination, checkTimeout);
        if (!project.known()) {
            return project.failure();
        }
        byte[] body = Jsonp.createObjectBuilder().add("project_id", project.id()).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            ExportHttp.Reply reply = http.post(URI.create(endpoint(destination) + "/calls/query_stats"), auth(destination),
                    JSON, body, checkTimeout, ExportHttp.Origin.ADMIN);
            return HttpOutcomes.vendor(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** {@code {host or https://wandb.ai}/{entity}/{project}/weave}; unknown while the entity cannot be looked up. */
    @Override
    public Optional<String> projectUrl(Destination destination) {
        WeaveProjects.Project project = projects.resolve(destination, checkTimeout);
        if (!project.known()) {
            return Optional.empty();
        }
        return Optional.of(destination.url("host", DEFAULT_WEB) + "/" + segment(project.entity()) + "/"
                + segment(project.name()) + "/weave");
    }

    static String endpoint(Destination d) {
        return d.url("endpoint", DEFAULT_ENDPOINT);
    }

    static Map<String, String> auth(Destination d) {
        String pair = "api:" + d.setting("api_key");
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int size(JsonObject call) {
        return call.toString().getBytes(StandardCharsets.UTF_8).length + 1;
    }
}
