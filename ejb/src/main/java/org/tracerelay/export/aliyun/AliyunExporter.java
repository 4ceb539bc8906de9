package org.tracerelay.export.aliyun;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;

/**
 * Provider {@code aliyun}: OTLP/HTTP protobuf to the traces URL built from {@code endpoint} and
 * the secret {@code license_key} (see {@link AliyunEndpoint}), with no auth header. Resource
 * {@code service.name} = {@code app_name}. One request per batch; a refused batch is bisected, and
 * so is one whose partial success rejected spans, so only the items holding them die.
 */
@ApplicationScoped
public class AliyunExporter extends ProviderExporter {

    static final String PROJECT_URL = "https://arms.console.aliyun.com/#/llm";

    /** Dify names the host its worker runs on; ours is the relay's. */
    private static final String HOST_NAME = hostName();

    @Inject
    ExportHttp http;

    @Inject
    OtlpHttp otlp;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    /** Dify reports its own version here; the operator may name the Dify deployment the relay serves. */
    @Inject
    @ConfigProperty(name = "trace.export.aliyun.service-version", defaultValue = "dify-trace-relay")
    String serviceVersion;

    /** Dify's {@code <DEPLOY_ENV>-<edition>}, whose defaults these are. */
    @Inject
    @ConfigProperty(name = "trace.export.aliyun.deployment-environment", defaultValue = "PRODUCTION-SELF_HOSTED")
    String deploymentEnvironment;

    public AliyunExporter() {
        super(AliyunConfig.MODEL, "https://arms.console.aliyun.com/");
    }

    /** Wired by hand instead of by CDI. */
    public AliyunExporter(ExportHttp http, Duration checkTimeout, String serviceVersion, String deploymentEnvironment) {
        this();
        this.http = http;
        this.otlp = new OtlpHttp(http);
        this.checkTimeout = checkTimeout;
        this.serviceVersion = serviceVersion;
        this.deploymentEnvironment = deploymentEnvironment;
    }

    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        URI traces = traces(d);
        Map<String, Object> resource = resource(d);
        return BatchBisection.send(items, part -> {
            List<AliyunSpan> spans = new ArrayList<>();
            for (ExportItem item : part) {
                spans.addAll(AliyunSpans.of(item.task(), item.receivedAt()));
            }
            // Moderation, conversation naming and the like: nothing Aliyun traces, nothing to send.
            return spans.isEmpty() ? ExportOutcome.delivered()
                    : otlp.sendWhole(traces, Map.of(), OtlpSignal.TRACES, AliyunRequest.of(resource, spans));
        });
    }

    /**
     * Dify's check: a HEAD on the traces URL, which an Aliyun collector answers 405 (the URL,
     * license key included, exists; it only takes POST). Any other answer means a wrong endpoint
     * or key.
     */
    @Override
    public ExportOutcome verify(Destination d) {
        ExportHttp.Reply reply;
        try {
            reply = http.head(traces(d), Map.of(), checkTimeout, ExportHttp.Origin.ADMIN);
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        return reply.status() == 405 ? ExportOutcome.delivered()
                : ExportOutcome.dead("http_" + reply.status(), "a HEAD on the traces URL answered " + reply.status() + ", not 405");
    }

    /** ARMS's LLM application list; the license key alone does not name the application's page. */
    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(PROJECT_URL);
    }

    static URI traces(Destination d) {
        return AliyunEndpoint.traces(d.setting("endpoint"), d.setting("license_key"));
    }

    Map<String, Object> resource(Destination d) {
        String appName = d.setting("app_name");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service.name", appName == null || appName.isBlank() ? "dify_app" : appName.trim());
        r.put("service.version", serviceVersion);
        r.put("deployment.environment", deploymentEnvironment);
        r.put("host.name", HOST_NAME);
        r.put("acs.arms.service.feature", "genai_app");
        return r;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
