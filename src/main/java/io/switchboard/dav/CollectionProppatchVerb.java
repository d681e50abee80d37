package io.switchboard.dav;

import io.switchboard.Json;
import io.switchboard.http.ApiResponse;
import org.w3c.dom.Element;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PROPPATCH of a collection (RFC 4918 §9.2): known properties to columns, others kept dead; all or nothing. */
final class CollectionProppatchVerb implements CollectionVerb {
    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        if (c.segs().size() != 2) throw new DavException(403, Replies.FORBIDDEN);
        CollectionStore.Coll coll = dav.requireColl(c);
        Element root = DavXml.parse(c.req().body()).getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propertyupdate")) throw new DavException(400, "expected D:propertyupdate");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> dead = WritableCollectionProps.dead(coll);
        boolean deadChanged = false;
        List<String> keys = new ArrayList<>(), bad = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            Element prop = DavXml.child(op, DavXml.DAV, "prop");
            for (Element e : DavXml.children(prop)) {
                String k = DavXml.key(e);
                keys.add(k);
                if (k.equals("{DAV:}resourcetype") || WritableCollectionProps.PROTECTED.contains(k)) {
                    bad.add(k);
                    continue;
                }
                Map<String, Object> one = WritableCollectionProps.columns(WritableCollectionProps.wrap(e));
                if (one.containsKey("?" + k)) {
                    // a dead property (RFC 4918 §4.2), kept as the client sent it
                    if (set) dead.put(k, (String) one.get("?" + k));
                    else dead.remove(k);
                    deadChanged = true;
                    continue;
                }
                if (!set) one.replaceAll((col, v) -> col.equals("components") ? coll.components() : null);
                values.putAll(one);
            }
        }
        if (deadChanged) values.put("properties", dead.isEmpty() ? null : Json.string(dead));
        if (bad.isEmpty()) dav.store.updateProps(coll, values);
        return new Multistatus().response(dav.collHref(c.user(), coll.name()), Multistatus.propPatch(keys, bad)).toResponse();
    }
}
