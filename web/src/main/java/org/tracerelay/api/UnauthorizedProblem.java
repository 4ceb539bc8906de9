package org.tracerelay.api;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The body of a 401 that the JWT mechanism answers before JAX-RS runs (a token that does not
 * verify): problem+json like every other error, instead of the container's HTML page.
 */
@WebServlet("/problems/unauthorized")
public class UnauthorizedProblem extends HttpServlet {

    static final String BODY = "{\"type\":\"https://tracerelay.org/problems/unauthorized\",\"title\":\"Unauthorized\","
            + "\"status\":401,\"detail\":\"The bearer token is missing, expired or not signed by a trusted key.\","
            + "\"code\":\"unauthorized\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(401);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(BODY);
    }
}
