package org.tracerelay.export.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.tracerelay.export.ExportOutcome;

/**
 * OTLP/gRPC with the collector service stubs of the OTLP proto jar. {@code https://} gets TLS,
 * {@code http://} or no scheme plaintext; no port means 443 unless the provider names another.
 * Headers travel as call metadata. A retryable status honours the collector's {@code RetryInfo}
 * delay (OTLP's gRPC form of Retry-After).
 */
public final class OtlpGrpcChannel implements OtlpChannel {

    private static final Logger LOG = Logger.getLogger(OtlpGrpcChannel.class.getName());

    /** Retryable per the OTLP spec; every other status is permanent. */
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE,
            Status.Code.DATA_LOSS);

    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

    private final ManagedChannel channel;
    private final Metadata metadata = new Metadata();
    private final Duration timeout;
    private final String host;

    public OtlpGrpcChannel(String endpoint, Map<String, String> headers, Duration timeout) {
        this(endpoint, headers, timeout, 443);
    }

    /** @param defaultPort the port when the endpoint names none (OTLP/gRPC's own is 4317) */
    public OtlpGrpcChannel(String endpoint, Map<String, String> headers, Duration timeout, int defaultPort) {
        this(endpoint, null, headers, timeout, defaultPort);
    }

    /**
     * A channel that connects to {@code address} (one the outbound guard checked for this
     * endpoint) instead of resolving the host again, so a DNS answer that changed since the check
     * cannot send it elsewhere; the endpoint's host stays the authority (TLS name, {@code :authority}).
     */
    public OtlpGrpcChannel(String endpoint, InetAddress address, Map<String, String> headers, Duration timeout, int defaultPort) {
        URI uri = URI.create(endpoint.contains("://") ? endpoint.trim() : "http://" + endpoint.trim());
        this.host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
        ManagedChannelBuilder<?> b;
        if (address == null) {
            b = ManagedChannelBuilder.forAddress(uri.getHost(), port);
        } else {
            // An IP literal target: gRPC's resolver takes it as it is, without a DNS query.
            b = ManagedChannelBuilder.forAddress(address.getHostAddress(), port).overrideAuthority(uri.getHost() + ":" + port);
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            b.useTransportSecurity();
        } else {
            b.usePlaintext();
        }
        this.channel = b.build();
        headers.forEach((k, v) -> metadata.put(key(k), v));
        this.timeout = timeout;
    }

    /** gRPC's own refusal quotes the name, which a mistyped config may have filled with a secret. */
    private static Metadata.Key<String> key(String name) {
        try {
            return Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a header name holds a character gRPC metadata does not allow");
        }
    }

    @Override
    public ExportOutcome export(OtlpSignal signal, MessageLite request) {
        try {
            MessageLite response = switch (signal) {
                case TRACES -> stub(TraceServiceGrpc.newBlockingStub(channel)).export((ExportTraceServiceRequest) request);
                case LOGS -> stub(LogsServiceGrpc.newBlockingStub(channel)).export((ExportLogsServiceRequest) request);
                case METRICS -> stub(MetricsServiceGrpc.newBlockingStub(channel)).export((ExportMetricsServiceRequest) request);
            };
            String rejected = signal.rejected(response.toByteArray());
            if (rejected != null) {
                LOG.warning(() -> "collector at " + host + " rejected " + rejected);
            }
            return ExportOutcome.delivered();
        } catch (StatusRuntimeException e) {
            return outcome(e.getStatus(), retryDelay(e));
        }
    }

    static ExportOutcome outcome(Status status) {
        return outcome(status, null);
    }

    static ExportOutcome outcome(Status status, Duration retryAfter) {
        String code = "grpc_" + status.getCode().name().toLowerCase(Locale.ROOT);
        String detail = "collector answered " + status.getCode();
        return RETRYABLE.contains(status.getCode()) ? ExportOutcome.retry(code, detail, retryAfter) : ExportOutcome.dead(code, detail);
    }

    /** The {@code google.rpc.RetryInfo} delay in the status details, capped like Retry-After at an hour; else null. */
    static Duration retryDelay(StatusRuntimeException e) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details == null) {
            return null;
        }
        for (Any detail : details.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration d = detail.unpack(RetryInfo.class).getRetryDelay();
                    Duration delay = Duration.ofSeconds(d.getSeconds(), d.getNanos());
                    return delay.isNegative() ? null : delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
                } catch (InvalidProtocolBufferException unreadable) {
                    return null;
                }
            }
        }
        return null;
    }

    private <S extends AbstractStub<S>> S stub(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
