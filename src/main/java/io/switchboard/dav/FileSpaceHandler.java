package io.switchboard.dav;

import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * WebDAV class 1, 2 and 3 on a directory tree (RFC 4918): one {@link FileSpaceVerb} per verb, found by
 * name here. State lives in the {@link Space} (files, dead properties) and {@link Locks}.
 */
final class FileSpaceHandler {
    /**
     * A file space: its files, dead properties, the URL prefix it is served under, and whose
     * storage quota its files count against.
     */
    record Space(String id, FileSpace files, DeadProps props, String base, String quotaOwner) {
    }

    /** What every verb on a file space uses: the write checks, the owner's quota, the upload limit. */
    record Services(LockChecks checks, SpaceQuota quota, LongSupplier maxUpload) {
    }

    /** One request on one resource of a space, and the services to answer it with. */
    record Ctx(ApiRequest req, String principalId, Space space, DavPath path, Services services) {
        String href(boolean collection) {
            return path.href(space.base, collection);
        }

        Locks locks() {
            return services.checks().locks();
        }

        /** 412 when an If header is present and false. */
        void checkIf() {
            services.checks().checkIf(this);
        }

        /** The If header must hold, and the locks protecting the target must have their tokens submitted (423 otherwise). */
        void checkWrite(DavPath target, boolean membership, boolean subtree) {
            services.checks().checkWrite(this, target, membership, subtree);
        }

        void checkTokens(List<Locks.Lock> protecting) {
            services.checks().checkTokens(this, protecting);
        }

        /** Accounts for {@code delta} bytes more in the owner's storage; 507 past the quota. */
        void reserve(long delta) {
            services.quota().reserve(this, delta);
        }

        void release(long bytes) {
            services.quota().release(this, bytes);
        }

        String quotaProp(String key, BasicFileAttributes a) {
            return services.quota().prop(key, this, a);
        }

        long maxUpload() {
            return services.maxUpload().getAsLong();
        }
    }

    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK";

    private static final FileSpaceVerb GET = new FileGetVerb();
    private static final Map<String, FileSpaceVerb> VERBS = Map.ofEntries(
            Map.entry("OPTIONS", new FileOptionsVerb()),
            Map.entry("GET", GET),
            Map.entry("HEAD", GET),
            Map.entry("PUT", new FilePutVerb()),
            Map.entry("DELETE", new FileDeleteVerb()),
            Map.entry("MKCOL", new FileMkcolVerb()),
            Map.entry("PROPFIND", new FilePropfindVerb()),
            Map.entry("PROPPATCH", new FileProppatchVerb()),
            Map.entry("COPY", new FileCopyMoveVerb(false)),
            Map.entry("MOVE", new FileCopyMoveVerb(true)),
            Map.entry("LOCK", new FileLockVerb()),
            Map.entry("UNLOCK", new FileUnlockVerb()));

    private final Services services;

    /** @param maxUpload the largest PUT, read per request ({@code dav.max_upload} is hot) */
    FileSpaceHandler(Locks locks, StorageQuota quota, LongSupplier maxUpload) {
        this.services = new Services(new LockChecks(locks), new SpaceQuota(quota), maxUpload);
    }

    ApiResponse handle(ApiRequest req, String principalId, Space space, DavPath path) throws IOException {
        FileSpaceVerb v = VERBS.get(req.method().name());
        if (v == null) throw new DavException(405, req.method().name() + " is not supported here");
        return v.handle(new Ctx(req, principalId, space, path, services));
    }
}
