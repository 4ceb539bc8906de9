package org.tracerelay.export.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.tracerelay.export.DeploymentDestination;
import org.tracerelay.export.Destination;

/** Every deployment-wide destination, as their packages declare themselves; none is named here. */
@ApplicationScoped
public class DeploymentDestinations {

    private final SortedMap<String, DeploymentDestination> byKey;

    /** For the container's client proxy. */
    protected DeploymentDestinations() {
        this(List.of());
    }

    @Inject
    public DeploymentDestinations(@Any Instance<DeploymentDestination> discovered) {
        this((Iterable<DeploymentDestination>) discovered);
    }

    public DeploymentDestinations(Iterable<? extends DeploymentDestination> destinations) {
        byKey = ByKey.of(destinations, DeploymentDestination::key, "deployment-wide destinations");
    }

    /** The keys every task is also routed to now. */
    public List<String> enabledKeys() {
        List<String> keys = new ArrayList<>();
        byKey.forEach((key, d) -> {
            if (d.enabled()) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Whether the key is a deployment-wide destination's, enabled or not (else it is an app's). */
    public boolean names(String key) {
        return byKey.containsKey(key);
    }

    /** The destination of that key while it is enabled. */
    public Optional<Destination> enabled(String key) {
        return Optional.ofNullable(byKey.get(key)).filter(DeploymentDestination::enabled).map(DeploymentDestination::destination);
    }
}
