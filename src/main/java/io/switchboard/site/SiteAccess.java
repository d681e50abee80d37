package io.switchboard.site;

/** What a principal wants to do with a site's files. */
public enum SiteAccess {
    /** List folders and download files: the READ bit of the site row. */
    READ,
    /** Upload, make folders, rename and delete: the CREATE bit of the site row (UPDATE edits the row itself). */
    WRITE
}
