package io.switchboard.entity;

/**
 * A refused entity operation, with the HTTP status that says why (config.md's table): 400 bad
 * attributes, 401 credentials needed, 403 not allowed, 404 not visible or unknown table,
 * 409 conflict. Other protocols map the status to their own replies.
 */
public final class EntityException extends RuntimeException {
    private final int status;
    private final String title;

    public EntityException(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public static EntityException badRequest(String detail) {
        return new EntityException(400, "Bad Request", detail);
    }

    public static EntityException unauthorized(String detail) {
        return new EntityException(401, "Unauthorized", detail);
    }

    public static EntityException forbidden(String detail) {
        return new EntityException(403, "Forbidden", detail);
    }

    public static EntityException notFound(String detail) {
        return new EntityException(404, "Not Found", detail);
    }

    public static EntityException conflict(String detail) {
        return new EntityException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
