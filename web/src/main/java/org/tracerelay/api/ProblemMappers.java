package org.tracerelay.api;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tracerelay.refusal.Refusal;

/** Every error leaves as problem+json: no stack trace, no secret, no remote body. */
final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class AdminProblems implements ExceptionMapper<Refusal> {
        @Override
        public Response toResponse(Refusal p) {
            Response r = Problems.of(p.status(), p.code(), Problems.title(p.status()), p.getMessage(), p.violations());
            return p.retryAfterSeconds() > 0
                    ? Response.fromResponse(r).header("Retry-After", Long.toString(p.retryAfterSeconds())).build() : r;
        }
    }

    @Provider
    public static class JaxRsErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String code = switch (status) {
                case 400 -> "invalid_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 406, 415 -> "unsupported_media_type";
                default -> "http_" + status;
            };
            return Problems.of(status, code, Problems.title(status));
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            Throwable cause = e instanceof EJBException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Refusal p) {
                return new AdminProblems().toResponse(p);
            }
            LOG.log(Level.WARNING, "request failed: " + cause.getClass().getName());
            return Problems.of(500, "internal_error", "The request could not be completed.");
        }
    }
}
