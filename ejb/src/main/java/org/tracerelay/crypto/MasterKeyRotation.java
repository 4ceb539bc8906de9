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
        int n = store.rewrapAll();
        if (n > 0) {
            LOG.info(() -> "re-wrapped " + n + " tenant keys with the current master key");
        }
    }
}
