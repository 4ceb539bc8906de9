package org.tracerelay.export.otlp;

import com.google.protobuf.MessageLite;
import org.tracerelay.export.ExportOutcome;

/**
 * One collector reached over OTLP/HTTP or OTLP/gRPC, for any signal. A channel belongs to one
 * destination and holds its endpoint and headers; nothing about it is shared.
 */
public interface OtlpChannel extends AutoCloseable {

    ExportOutcome export(OtlpSignal signal, MessageLite request);

    @Override
    void close();
}
