package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/**
 * The handler of one verb on a CalDAV or CardDAV space, one class each, found by name in
 * {@link CollectionDav}. Handlers keep no state: the {@link CollectionStore} holds it.
 */
interface CollectionVerb {
    ApiResponse handle(CollectionDav.Ctx c) throws SQLException;
}
