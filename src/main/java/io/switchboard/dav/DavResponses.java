package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.nio.charset.StandardCharsets;

/** Responses the verbs of every DAV space build the same way. */
final class DavResponses {
    private DavResponses() {
    }

    /** OPTIONS (RFC 4918 §10.1): the compliance classes and the methods this resource allows. */
    static ApiResponse options(String davHeader, String allow) {
        return new ApiResponse(HttpResponseStatus.OK, null, null).header("DAV", davHeader).header("Allow", allow);
    }

    /** An XML body with its declaration. */
    static ApiResponse xml(HttpResponseStatus st, String body) {
        return new ApiResponse(st, Multistatus.XML_TYPE, ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8));
    }
}
