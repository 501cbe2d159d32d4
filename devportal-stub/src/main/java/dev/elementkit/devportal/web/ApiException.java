package dev.elementkit.devportal.web;

import java.util.List;

/**
 * A request the portal refuses, with the HTTP status and what is wrong per field. The message of each problem is
 * shown to the caller as it is, so it must never hold a submitted value (it may be a secret).
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final List<FieldProblem> problems;

    ApiException(int status, List<FieldProblem> problems) {
        super(problems.isEmpty() ? "HTTP " + status : problems.get(0).toString(), null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    static ApiException badRequest(String field, String message) {
        return new ApiException(400, List.of(new FieldProblem(field, message)));
    }

    static ApiException badRequest(List<FieldProblem> problems) {
        return new ApiException(400, problems);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, List.of(new FieldProblem("", message)));
    }

    static ApiException conflict(String field, String message) {
        return new ApiException(409, List.of(new FieldProblem(field, message)));
    }

    int status() {
        return status;
    }

    List<FieldProblem> problems() {
        return problems;
    }
}
