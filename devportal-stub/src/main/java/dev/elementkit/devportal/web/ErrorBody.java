package dev.elementkit.devportal.web;

import java.util.List;

/** The body of every error response: {@code {"errors": [{"field": …, "message": …}]}}. */
record ErrorBody(List<FieldProblem> errors) {

    static ErrorBody of(String field, String message) {
        return new ErrorBody(List.of(new FieldProblem(field, message)));
    }
}
