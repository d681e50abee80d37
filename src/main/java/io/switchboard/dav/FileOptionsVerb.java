package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

/** OPTIONS on a file space (RFC 4918 §10.1); MS-Author-Via tells Windows' client to speak DAV. */
final class FileOptionsVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) {
        return DavResponses.options(DavModule.DAV_HEADER, FileSpaceHandler.ALLOW).header("MS-Author-Via", "DAV");
    }
}
