package org.tracerelay.api;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.tracerelay.json.Jsonp;
import org.tracerelay.refusal.Violation;

/** RFC 9457 problem+json bodies with the contract's machine {@code code}. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response of(int status, String code, String title, String detail, List<Violation> errors) {
        JsonObjectBuilder body = Jsonp.createObjectBuilder()
                .add("type", "https://tracerelay.org/problems/" + code.replace('_', '-'))
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail)
                .add("code", code);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = Jsonp.createArrayBuilder();
            errors.forEach(v -> list.add(Jsonp.createObjectBuilder().add("path", v.path()).add("message", v.message())));
            body.add("errors", list);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body.build().toString()).build();
    }

    static Response of(int status, String code, String detail) {
        return of(status, code, title(status), detail, List.of());
    }

    static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : "Error";
    }
}
