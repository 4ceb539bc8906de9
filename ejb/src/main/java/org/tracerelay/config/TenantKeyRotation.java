package org.tracerelay.config;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.crypto.TenantKeyStore;

/** Rotates a tenant's data key and re-seals its provider secrets with the new version, in one transaction. */
@Stateless
public class TenantKeyRotation {

    @Inject
    TenantKeyStore keys;

    @Inject
    StoredConfigs configs;

    @Inject
    Sealing sealing;

    public record Rotated(int version, int resealedConfigs) {
    }

    public Rotated rotate(String tenant) {
        int version = keys.rotate(tenant).getVersion();
        sealing.forgetActive(tenant);
        return new Rotated(version, configs.resealAll(tenant));
    }
}
