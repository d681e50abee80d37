package io.switchboard.dav;

import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;

/** The storage quota of a file space's owner, as the verbs see it: 507 when a write would cross it (RFC 4331). */
final class SpaceQuota {
    private final StorageQuota quota;

    SpaceQuota(StorageQuota quota) {
        this.quota = quota;
    }

    /** Accounts for a change of {@code delta} bytes in the space's owner's storage; 507 when it would cross the quota. */
    void reserve(FileSpaceHandler.Ctx c, long delta) {
        try {
            quota.reserve(c.space().quotaOwner(), delta);
        } catch (StorageQuota.Exceeded e) {
            throw new DavException(507, e.getMessage(), "<D:quota-not-exceeded/>");
        }
    }

    void release(FileSpaceHandler.Ctx c, long bytes) {
        quota.release(c.space().quotaOwner(), bytes);
    }

    /** RFC 4331 §3, §4: the owner's quota figures, on collections only. */
    String prop(String key, FileSpaceHandler.Ctx c, BasicFileAttributes a) {
        if (!a.isDirectory()) return null;
        String owner = c.space().quotaOwner();
        if (key.equals("{DAV:}quota-used-bytes")) return "<D:quota-used-bytes>" + quota.used(owner) + "</D:quota-used-bytes>";
        if (!key.equals("{DAV:}quota-available-bytes")) return null;
        long left = quota.available(owner);
        if (left < 0) {
            // no per-user limit: what the disk holding the space can still take
            try {
                left = Files.getFileStore(c.space().files().root()).getUsableSpace();
            } catch (IOException e) {
                return null;
            }
        }
        return "<D:quota-available-bytes>" + left + "</D:quota-available-bytes>";
    }
}
