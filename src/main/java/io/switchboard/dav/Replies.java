package io.switchboard.dav;

/** Reply texts of the DAV package, in one place (tests use the same constants). */
final class Replies {
    private Replies() {
    }

    static final String REALM = "Basic realm=\"switchboard\"";
    static final String DISABLED = "DAV is disabled (caldav.enable is false)";
    static final String SIGN_IN = "sign in with your email and password";
    static final String XML_MALFORMED = "malformed XML body";
    static final String XML_TOO_LARGE = "XML body too large";
    static final String BAD_PATH = "path leaves the user's space or is malformed";
    static final String NOT_FOUND = "no such resource";
    static final String NO_PARENT = "the parent collection does not exist";
    static final String EXISTS = "the resource already exists";
    static final String NOT_COLLECTION = "not a collection";
    static final String IS_COLLECTION = "is a collection";
    static final String DEPTH_INFINITY = "Depth: infinity PROPFIND is not supported";
    static final String BODY_NOT_SUPPORTED = "a MKCOL body is not supported here";
    static final String BAD_DESTINATION = "missing or foreign Destination";
    static final String SAME_DESTINATION = "source and destination are the same";
    static final String NO_OVERWRITE = "destination exists and Overwrite is F";
    static final String LOCKED = "the resource is locked and no matching lock token was given";
    static final String PRECONDITION = "a condition of the If, If-Match or If-None-Match header failed";
    static final String NO_LOCK = "no lock with this token covers the resource";
    static final String BAD_DEPTH = "invalid Depth header";
    static final String TOO_LARGE = "upload larger than dav.max_upload";
    static final String INVALID_ICAL = "invalid iCalendar data";
    static final String INVALID_VCARD = "invalid vCard data";
    static final String UID_CONFLICT = "another resource in this collection has the same UID";
    static final String UNSUPPORTED_COMPONENT = "this calendar does not accept that component type";
    static final String FORBIDDEN = "not allowed here";
    static final String UNSUPPORTED_REPORT = "unsupported REPORT";
    static final String INVALID_SYNC_TOKEN = "unknown or invalid sync token";
}
