package io.switchboard.dav;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Live properties of a file-space resource (RFC 4918 §15), as property elements. */
final class FileProps {
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).withLocale(Locale.US);
    static final List<String> LIVE = List.of("{DAV:}resourcetype", "{DAV:}getcontentlength", "{DAV:}getlastmodified",
            "{DAV:}creationdate", "{DAV:}getetag", "{DAV:}getcontenttype", "{DAV:}supportedlock", "{DAV:}lockdiscovery");

    private FileProps() {
    }

    static boolean isLive(String key) {
        return LIVE.contains(key) || key.equals("{DAV:}current-user-principal") || key.equals("{DAV:}quota-used-bytes")
                || key.equals("{DAV:}quota-available-bytes");
    }

    /** The property element, or null when the resource has no such live property. */
    static String live(String key, BasicFileAttributes a, Collection<Locks.Lock> locks, String base) {
        boolean dir = a.isDirectory();
        return switch (key) {
            case "{DAV:}resourcetype" -> dir ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>";
            case "{DAV:}getcontentlength" -> dir ? null : "<D:getcontentlength>" + a.size() + "</D:getcontentlength>";
            case "{DAV:}getlastmodified" -> "<D:getlastmodified>" + HTTP_DATE.format(a.lastModifiedTime().toInstant()) + "</D:getlastmodified>";
            case "{DAV:}creationdate" -> "<D:creationdate>" + DateTimeFormatter.ISO_INSTANT.format(a.creationTime().toInstant()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + "</D:creationdate>";
            case "{DAV:}getetag" -> dir ? null : "<D:getetag>" + DavXml.escape(FileSpace.etag(a)) + "</D:getetag>";
            case "{DAV:}getcontenttype" -> dir ? null : "<D:getcontenttype>application/octet-stream</D:getcontenttype>";
            case "{DAV:}supportedlock" -> "<D:supportedlock>"
                    + "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
                    + "<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
                    + "</D:supportedlock>";
            case "{DAV:}lockdiscovery" -> lockDiscovery(locks, base);
            default -> null;
        };
    }

    static String lockDiscovery(Collection<Locks.Lock> locks, String base) {
        StringBuilder sb = new StringBuilder("<D:lockdiscovery>");
        for (Locks.Lock l : locks) sb.append(activeLock(l, base));
        return sb.append("</D:lockdiscovery>").toString();
    }

    static String activeLock(Locks.Lock l, String base) {
        return "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>" + (l.exclusive() ? "<D:exclusive/>" : "<D:shared/>")
                + "</D:lockscope><D:depth>" + (l.infinite() ? "infinity" : "0") + "</D:depth>"
                + (l.ownerXml() == null ? "" : l.ownerXml())
                + "<D:timeout>Second-" + l.timeoutSeconds() + "</D:timeout><D:locktoken><D:href>" + DavXml.escape(l.token())
                + "</D:href></D:locktoken><D:lockroot><D:href>" + DavXml.escape(l.path().href(base, false)) + "</D:href></D:lockroot></D:activelock>";
    }

    static List<String> names() {
        return new ArrayList<>(LIVE);
    }
}
