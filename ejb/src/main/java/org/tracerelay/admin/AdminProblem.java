package org.tracerelay.admin;

import jakarta.ejb.ApplicationException;
import java.util.List;
import org.tracerelay.intake.Violation;

/** A refusal of an admin or intake request: HTTP status, machine code, safe detail, field errors. */
@ApplicationException(rollback = true)
public class AdminProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final transient List<Violation> violations;

    public AdminProblem(int status, String code, String detail, List<Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public AdminProblem(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public static AdminProblem appNotFound() {
        return new AdminProblem(404, "app_not_found", "App not found.");
    }

    public int status() { return status; }
    public String code() { return code; }
    public List<Violation> violations() { return violations; }
}
