import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** A local OTLP/HTTP traces endpoint that prints every span it receives, one line each (bin/collector). */
public class OtlpDebugCollector {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s ->
                        System.out.printf("span %-28s trace=%s span=%s parent=%s %s%n", s.getName(), hex(s.getTraceId()),
                                hex(s.getSpanId()), s.getParentSpanId().isEmpty() ? "-" : hex(s.getParentSpanId()),
                                s.getAttributesList().stream().map(OtlpDebugCollector::text).collect(Collectors.joining(" "))))));
                byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (Exception e) {
                System.out.println("bad request: " + e);
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        System.out.println("OTLP/HTTP debug collector on http://127.0.0.1:" + port + "/v1/traces");
    }

    static String hex(ByteString b) {
        return HexFormat.of().formatHex(b.toByteArray());
    }

    static String text(KeyValue kv) {
        var v = kv.getValue();
        String value = switch (v.getValueCase()) {
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            default -> v.getStringValue();
        };
        return kv.getKey() + "=" + value;
    }
}
