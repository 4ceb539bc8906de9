package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.tracerelay.intake.TraceTaskIntake;
import org.tracerelay.json.Jsonp;

/**
 * {@code POST /api/v1/trace-tasks}: one envelope or an array, accepted whole or refused whole by
 * {@link TraceTaskIntake}. 202 only after the broker has the tasks in its journal.
 */
@Path("trace-tasks")
@RolesAllowed({"producer", "deployment"})
@TenantPerItem
public class TraceTaskResource {

    /** Set on a 202 that intake slowed because the request's apps' deliveries fall behind: the ms it waited. */
    static final String PACED_HEADER = "Trace-Relay-Paced-Ms";

    @Inject
    Caller caller;

    @Inject
    TraceTaskIntake intake;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response accept(InputStream body,
                           @HeaderParam("Content-Length") Long contentLength,
                           @HeaderParam("X-Trace-Id") String xTraceId,
                           @HeaderParam("traceparent") String traceparent,
                           @HeaderParam("X-Trace-Session-Id") String sessionHeader) {
        TraceTaskIntake.Accepted accepted = intake.accept(caller.producer(), body, contentLength,
                new TraceTaskIntake.Context(xTraceId, traceparent, sessionHeader));
        var ids = Jsonp.createArrayBuilder();
        accepted.taskIds().forEach(ids::add);
        Response.ResponseBuilder answer = Response.accepted(Jsonp.createObjectBuilder().add("accepted", accepted.taskIds().size())
                .add("task_ids", ids).build().toString()).type(MediaType.APPLICATION_JSON);
        if (accepted.pacedMillis() > 0) {
            answer.header(PACED_HEADER, accepted.pacedMillis());
        }
        return answer.build();
    }
}
