package io.switchboard.dav;

import io.switchboard.http.ApiResponse;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** PROPPATCH on a file space (RFC 4918 §9.2): dead properties only, all or nothing; live ones are refused. */
final class FileProppatchVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        BasicFileAttributes a = c.space().files().attrs(c.path());
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        c.checkWrite(c.path(), false, false);
        Element root = DavXml.parse(c.req().body()).getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propertyupdate")) throw new DavException(400, "expected D:propertyupdate");
        List<Map.Entry<String, String>> changes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            if (!set && !DavXml.is(op, DavXml.DAV, "remove")) continue;
            for (Element prop : DavXml.children(DavXml.child(op, DavXml.DAV, "prop"))) {
                String k = DavXml.key(prop);
                keys.add(k);
                if (FileProps.isLive(k)) forbidden.add(k);
                changes.add(new AbstractMap.SimpleEntry<>(k, set ? DavXml.serialize(prop) : null));
            }
        }
        if (forbidden.isEmpty()) c.space().props().apply(c.path(), changes);
        return new Multistatus().response(c.href(a.isDirectory()), Multistatus.propPatch(new LinkedHashSet<>(keys), forbidden)).toResponse();
    }
}
