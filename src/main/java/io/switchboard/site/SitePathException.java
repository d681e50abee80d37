package io.switchboard.site;

/** A path that does not stay inside its site (.., symlinks out, bad names): always refused. */
public final class SitePathException extends Exception {
    public SitePathException(String message) {
        super(message);
    }
}
