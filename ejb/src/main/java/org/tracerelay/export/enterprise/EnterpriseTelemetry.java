package org.tracerelay.export.enterprise;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.DeploymentDestination;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.otlp.OtlpChannel;
import org.tracerelay.export.otlp.OtlpGrpcChannel;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpHttpChannel;

/**
 * The deployment-wide enterprise collector: its settings and its one channel. It is one more
 * destination of every task (key {@value #DESTINATION}) while it is enabled; the pipeline finds
 * it as a {@link DeploymentDestination}.
 */
@ApplicationScoped
public class EnterpriseTelemetry implements DeploymentDestination {

    public static final String DESTINATION = "enterprise";
    static final String SCOPE = "dify.enterprise";

    private static final Logger LOG = Logger.getLogger(EnterpriseTelemetry.class.getName());

    @Inject
    Config config;

    @Inject
    OtlpHttp http;

    @Inject
    @ConfigProperty(name = "trace.export.timeout", defaultValue = "PT10S")
    Duration timeout;

    private EnterpriseSettings settings;
    private OtlpChannel channel;

    @PostConstruct
    void init() {
        settings = EnterpriseSettings.read(name -> config.getOptionalValue(name, String.class).orElse(null), hostName());
        if (settings.enabled()) {
            channel = settings.protocol() == EnterpriseSettings.Protocol.GRPC
                    ? new OtlpGrpcChannel(settings.endpoint(), settings.headers(), timeout)
                    : new OtlpHttpChannel(http, settings.endpoint(), settings.headers(), ExportHttp.Origin.OPERATOR);
            LOG.info(() -> "enterprise telemetry on: " + settings);
        }
    }

    @PreDestroy
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String key() {
        return DESTINATION;
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    public EnterpriseSettings settings() {
        return settings;
    }

    public OtlpChannel channel() {
        return channel;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }
}
