package org.tracerelay.export.capture;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tracerelay.json.Jsonp;

/**
 * Runs a vendor's own SDK (the venv {@code bin/vendor-sdks} installs, {@code -Dit.sdk.venv}) through
 * its capture script in {@code src/test/python/capture}, and returns what the SDK sent, as the
 * script's capture server decoded it. A missing venv fails the test with the command that makes it.
 */
public final class SdkCapture {

    private static final long TIMEOUT_SECONDS = 180;

    private SdkCapture() {
    }

    public static List<JsonObject> run(String script) {
        Path python = python();
        Path dir = Path.of(System.getProperty("capture.scripts", "src/test/python/capture"));
        Path file = dir.resolve(script);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("no capture script " + file.toAbsolutePath());
        }
        try {
            Path out = Files.createTempFile("capture-", ".json");
            Path log = Files.createTempFile("capture-", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(python.toString(), file.getFileName().toString()).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("CAPTURE_OUT", out.toString());
                pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(script + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
                }
                if (p.exitValue() != 0 || Files.size(out) == 0) {
                    throw new AssertionError(script + " exited with " + p.exitValue() + ":\n" + Files.readString(log));
                }
                try (var reader = Jsonp.createReader(new StringReader(Files.readString(out, StandardCharsets.UTF_8)))) {
                    JsonArray requests = reader.readArray();
                    return requests.getValuesAs(JsonValue::asJsonObject);
                }
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("running " + script + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + script);
        }
    }

    static Path python() {
        String venv = System.getProperty("it.sdk.venv", System.getProperty("user.home") + "/.cache/trace-relay/sdk-venv");
        Path python = Path.of(venv, "bin", "python");
        if (!Files.isExecutable(python)) {
            throw new AssertionError("No " + python + ": the vendors' SDKs live in the venv " + venv
                    + " (-Dit.sdk.venv); run bin/vendor-sdks (TRACE_RELAY_SDK_VENV=" + venv + ") first");
        }
        return python;
    }
}
