package org.tracerelay.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.tracerelay.crypto.Sealing;

/**
 * The relay's own TraceTasks messages are sealed under their tenant's data key, so the broker's
 * journal (and its DLQ) hold no task in plaintext. The tenant travels as a property; the sealing's
 * associated data names it, so a message given another tenant's name does not open.
 */
@ApplicationScoped
public class RelayBatches {

    public static final String SEALED_FOR = "trace_relay_sealed_for";

    @Inject
    Sealing sealing;

    public RelayBatches() {
    }

    /** Outside a container (domain tests). */
    RelayBatches(Sealing sealing) {
        this.sealing = sealing;
    }

    public byte[] seal(String tenant, byte[] json) {
        return sealing.sealBatch(tenant, json);
    }

    /**
     * The JSON of a message the relay marked: opened when it was sealed; a message without the
     * property was sent before bodies were sealed and is read as it is.
     */
    public byte[] opened(byte[] body, String sealedFor) {
        return sealedFor == null || body == null ? body : sealing.openBatch(sealedFor, body);
    }
}
