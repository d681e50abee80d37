package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.io.IOException;

/**
 * The handler of one WebDAV verb on a file space (RFC 4918), one class each, found by name in
 * {@link FileSpaceHandler}. Handlers keep no state: the space, its files and the locks hold it.
 */
interface FileSpaceVerb {
    ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException;
}
