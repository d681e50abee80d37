package io.switchboard.imap;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.BodyPart;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.HeaderImpl;
import org.apache.james.mime4j.message.MessageImpl;
import org.apache.james.mime4j.message.MultipartImpl;
import org.apache.james.mime4j.parser.ContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;
import org.apache.james.mime4j.util.MimeUtil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The mime4j tree of a stored message without its contents: made by the same streaming parser and
 * field parser as {@code DefaultMessageBuilder} (permissive, no content decoding), so every header
 * field and every part boundary is what the in-memory parse finds, but each leaf body, preamble and
 * epilogue is only counted (octets and line feeds) as it streams past. What ENVELOPE and
 * BODYSTRUCTURE need of a 30 MB message is then a few kilobytes of header fields.
 *
 * <p>The in-memory parse sizes an embedded message/rfc822 body by writing it out again with
 * mime4j's writer; {@link #size} computes the octets and lines that writer would produce from the
 * counts alone, so both paths give the same BODYSTRUCTURE (compared by {@code StreamedStructureTest}).
 */
final class StreamedStructure {
    /** Octets and line feeds of some stretch of a message. */
    record Count(long octets, long lines) {
        Count plus(long moreOctets, long moreLines) {
            return new Count(octets + moreOctets, lines + moreLines);
        }

        Count plus(Count c) {
            return plus(c.octets, c.lines);
        }

        static Count of(InputStream in) throws IOException {
            byte[] buf = new byte[16 * 1024];
            long octets = 0;
            long lines = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                octets += n;
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
            }
            return new Count(octets, lines);
        }

        static Count of(ByteSequence s) {
            long lines = 0;
            for (int i = 0; i < s.length(); i++) if (s.byteAt(i) == '\n') lines++;
            return new Count(s.length(), lines);
        }
    }

    /** A leaf body whose octets were counted, not kept. It cannot be read. */
    static final class CountedBody extends SingleBody {
        final Count count;

        CountedBody(Count count) {
            this.count = count;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            throw new IOException("the body of a streamed structure parse was counted, not kept");
        }

        @Override
        public long size() {
            return count.octets();
        }
    }

    final Message message;
    /** The counted preamble and epilogue of each multipart that had one (mime4j keeps them, null when absent). */
    private final Map<Multipart, Count> preambles;
    private final Map<Multipart, Count> epilogues;

    private StreamedStructure(Message message, Map<Multipart, Count> preambles, Map<Multipart, Count> epilogues) {
        this.message = message;
        this.preambles = preambles;
        this.epilogues = epilogues;
    }

    /** Parses the message as it streams from {@code in}, keeping header fields and counts only. */
    static StreamedStructure parse(InputStream in) throws IOException {
        Builder b = new Builder();
        DecodeMonitor mon = DecodeMonitor.SILENT;
        // as DefaultMessageBuilder.parseMessage sets its parser up for MimeConfig.PERMISSIVE
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, mon,
                new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), mon));
        parser.setContentHandler(b);
        parser.setContentDecoding(false);
        parser.setRecurse();
        try {
            parser.parse(in);
        } catch (MimeException e) {
            throw new IOException(e);
        }
        parser.stop();
        return new StreamedStructure(b.root, b.preambles, b.epilogues);
    }

    static StreamedStructure parse(byte[] raw) throws IOException {
        return parse(new ByteArrayInputStream(raw));
    }

    // ----------------------------------------------------------------- sizes as mime4j's writer gives them

    /** Octets and lines of a leaf body, or of an embedded message as {@code DefaultMessageWriter} writes it (transfer encodings left as they are). */
    Count size(Body body) {
        if (body instanceof CountedBody c) return c.count;
        if (body instanceof Message m) return entity(m);
        throw new IllegalStateException("not a body of a streamed structure parse: " + body);
    }

    private Count entity(Entity e) {
        Count c = new Count(0, 0);
        for (Field f : e.getHeader()) c = c.plus(Count.of(rawField(f))).plus(2, 1);
        c = c.plus(2, 1);
        Body body = e.getBody();
        if (body instanceof Multipart mp) return c.plus(multipart(e.getHeader(), mp));
        return c.plus(size(body));
    }

    private static ByteSequence rawField(Field f) {
        ByteSequence raw = f.getRaw();
        if (raw != null) return raw;
        // a field without its raw form is written as name, ": ", body, folded (DefaultMessageWriter.writeField)
        return ContentUtil.encode(MimeUtil.fold(f.getName() + ": " + (f.getBody() == null ? "" : f.getBody()), 0));
    }

    private Count multipart(Header header, Multipart mp) {
        ContentTypeField ct = (ContentTypeField) header.getField("content-type");
        long boundary = ContentUtil.encode(ct.getBoundary()).length();
        Count c = new Count(0, 0);
        Count pre = preambles.get(mp);
        if (pre != null) c = c.plus(pre).plus(2, 1);
        for (Entity part : mp.getBodyParts()) c = c.plus(2 + boundary + 2, 1).plus(entity(part)).plus(2, 1);
        c = c.plus(2 + boundary + 2 + 2, 1);
        Count epi = epilogues.get(mp);
        return epi == null ? c : c.plus(epi);
    }

    // ----------------------------------------------------------------- the content handler

    /** Builds the tree as mime4j's ParserStreamContentHandler does, with counted bodies. */
    private static final class Builder implements ContentHandler {
        final MessageImpl root = new MessageImpl();
        final Map<Multipart, Count> preambles = new IdentityHashMap<>();
        final Map<Multipart, Count> epilogues = new IdentityHashMap<>();
        private final Deque<Object> stack = new ArrayDeque<>();

        @Override
        public void startMessage() {
            if (stack.isEmpty()) {
                stack.push(root);
            } else {
                MessageImpl m = new MessageImpl();
                ((Entity) stack.peek()).setBody(m);
                stack.push(m);
            }
        }

        @Override
        public void endMessage() {
            stack.pop();
        }

        @Override
        public void startBodyPart() {
            BodyPart part = new BodyPart();
            ((Multipart) stack.peek()).addBodyPart(part);
            stack.push(part);
        }

        @Override
        public void endBodyPart() {
            stack.pop();
        }

        @Override
        public void startHeader() {
            stack.push(new HeaderImpl());
        }

        @Override
        public void field(Field field) {
            ((Header) stack.peek()).addField(field);
        }

        @Override
        public void endHeader() {
            Header h = (Header) stack.pop();
            ((Entity) stack.peek()).setHeader(h);
        }

        @Override
        public void preamble(InputStream is) throws IOException {
            preambles.put((Multipart) stack.peek(), Count.of(is));
        }

        @Override
        public void epilogue(InputStream is) throws IOException {
            epilogues.put((Multipart) stack.peek(), Count.of(is));
        }

        @Override
        public void startMultipart(BodyDescriptor bd) {
            MultipartImpl mp = new MultipartImpl(bd.getSubType());
            ((Entity) stack.peek()).setBody(mp);
            stack.push(mp);
        }

        @Override
        public void endMultipart() {
            stack.pop();
        }

        @Override
        public void body(BodyDescriptor bd, InputStream is) throws IOException {
            ((Entity) stack.peek()).setBody(new CountedBody(Count.of(is)));
        }

        @Override
        public void raw(InputStream is) {
            throw new UnsupportedOperationException("raw mode is not used");
        }
    }
}
