package org.tracerelay.export.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one check of every outbound URL, at config time and again before each request (DNS may
 * have changed in between). {@code trace.outbound.allow} lists the CIDRs a deployment may reach
 * although they are internal (none by default, bin/run included: an operator with a local
 * collector opens loopback with TRACE_OUTBOUND_ALLOW=127.0.0.0/8).
 */
@ApplicationScoped
public class OutboundGuard {

    @Inject
    @ConfigProperty(name = "trace.outbound.allow")
    Optional<String> allow;

    private AddressPolicy policy;

    protected OutboundGuard() {
        // for CDI
    }

    /** Outside a container (domain tests): a guard with these allowed CIDRs. */
    public OutboundGuard(List<String> allowed) {
        this.allow = Optional.of(String.join(",", allowed));
        init();
    }

    @PostConstruct
    void init() {
        policy = new AddressPolicy(allow.map(AddressPolicy::split).orElse(List.of()), InetAddress::getAllByName);
    }

    /** Outside a container (domain tests): a guard that resolves names with this resolver. */
    public OutboundGuard(List<String> allowed, AddressPolicy.Resolver resolver) {
        this.allow = Optional.of(String.join(",", allowed));
        this.policy = new AddressPolicy(AddressPolicy.split(this.allow.get()), resolver);
    }

    /** @return null when the URL may be called, else the reason (no secret in it) */
    public String refusal(String url) {
        return policy.refusal(url);
    }

    /** The refusal, or the addresses checked: a client that cannot be handed these must not use the check. */
    public AddressPolicy.Checked check(String url) {
        return policy.check(url);
    }
}
