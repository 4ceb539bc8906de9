package org.tracerelay.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Master-key rotation without downtime: start each node with the new TRACE_RELAY_MASTER_KEY and
 * the old one as TRACE_RELAY_MASTER_KEY_PREVIOUS; at start every tenant key still wrapped by the
 * old key is re-wrapped by the new one. Both keys open meanwhile; drop PREVIOUS afterwards.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
public class MasterKeyRotation {

    private static final Logger LOG = Logger.getLogger(MasterKeyRotation.class.getName());

    @Inject
    TenantKeyStore store;

    @PostConstruct
    void rewrap() {
        TenantKeyStore.Rewrap r = store.rewrapAll();
        if (r.rewrapped() > 0) {
            LOG.info(() -> "re-wrapped " + r.rewrapped() + " tenant keys with the current master key");
        }
        if (r.unopenable() > 0) {
            LOG.severe(() -> r.unopenable() + " tenant keys are wrapped by a master key this node does not have:"
                    + " set it as TRACE_RELAY_MASTER_KEY_PREVIOUS, or those tenants' data cannot be opened");
        }
    }
}
