package org.tracerelay.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A strict Content-Security-Policy on the console and the chart library it loads: scripts,
 * styles and requests from this origin only, no inline script or style, no plugins, no framing,
 * no base-URL games. Strings from the API are put in the page as text by the scripts; this is
 * the second wall should one of them ever not be.
 */
@WebFilter("/console/*")
public class ConsoleHeaders extends HttpFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none';"
            + " object-src 'none'";

    /** The policy, letting the page also reach the sign-in provider (its discovery and token endpoints). */
    private String policy;

    @Override
    public void init() throws ServletException {
        policy = policy(ConfigProvider.getConfig().getOptionalValue("trace.console.oidc.issuer", String.class));
    }

    /** The provider's origin (scheme, host, port) joins connect-src; nothing else of it. */
    static String policy(Optional<String> issuer) {
        Optional<String> origin = issuer.filter(i -> !i.isBlank()).flatMap(ConsoleHeaders::uri)
                .filter(u -> ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null)
                .map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
        return origin.map(o -> POLICY.replace("connect-src 'self';", "connect-src 'self' " + o + ";")).orElse(POLICY);
    }

    private static Optional<URI> uri(String text) {
        try {
            return Optional.of(new URI(text));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", policy == null ? POLICY : policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
