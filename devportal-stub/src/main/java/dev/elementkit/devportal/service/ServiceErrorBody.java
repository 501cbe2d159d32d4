package dev.elementkit.devportal.service;

import java.util.Map;

/**
 * The error body of the cache service, in DreamFactory's shape so that its clients read it unchanged:
 * {@code {"error": {"code": 400, "message": "…", "context": {"field": "ttl"}}}}; {@code context} is null when no
 * field is at fault. Never a stack trace, never a submitted value.
 */
record ServiceErrorBody(Detail error) {

    /** @param code the HTTP status */
    record Detail(int code, String message, Map<String, String> context) {
    }

    static ServiceErrorBody of(ServiceException e) {
        return new ServiceErrorBody(new Detail(e.status(), e.getMessage(),
                e.field() == null ? null : Map.of("field", e.field())));
    }
}
