// Drives the Switchboard IMAP server with imapflow (a strict modern client).
// usage: node flow.js <imapPort> <user> <password> <smtpPort>
'use strict';
const { ImapFlow } = require('imapflow');
const { execFileSync } = require('child_process');

const [port, user, pass, smtpPort] = process.argv.slice(2);
const j = o => JSON.stringify(o, (k, v) => typeof v === 'bigint' ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v);

function check(cond, what) {
    if (!cond) {
        console.log('FAILED: ' + what);
        process.exit(3);
    }
}

async function main() {
    const client = new ImapFlow({
        host: '127.0.0.1', port: Number(port), secure: false,
        tls: { rejectUnauthorized: false },
        auth: { user, pass }, logger: false
    });
    await client.connect();
    check(client.capabilities.has('IDLE') && client.capabilities.has('UIDPLUS'), 'capabilities');
    const raw = 'From: Grace <grace@example.org>\r\nTo: ' + user + '\r\nSubject: flow one\r\nMIME-Version: 1.0\r\n'
        + 'Content-Type: multipart/alternative; boundary=BB\r\n\r\n--BB\r\nContent-Type: text/plain\r\n\r\nhello kiwi\r\n'
        + '--BB\r\nContent-Type: text/html\r\n\r\n<p>hello kiwi</p>\r\n--BB--\r\n';
    const appended = await client.append('INBOX', raw, ['\\Flagged']);
    check(appended && appended.uid > 0, 'append uid ' + j(appended));
    const list = await client.list();
    check(list.some(b => b.path === 'Trash' && b.specialUse === '\\Trash'), 'special-use list ' + j(list.map(b => [b.path, b.specialUse])));
    const status = await client.status('INBOX', { messages: true, uidNext: true });
    check(status.messages === 1, 'status ' + j(status));

    let lock = await client.getMailboxLock('INBOX');
    try {
        const msg = await client.fetchOne('*', { uid: true, flags: true, envelope: true, bodyStructure: true, source: true, size: true });
        check(msg.flags.has('\\Flagged'), 'flags');
        check(msg.envelope.subject === 'flow one' && msg.envelope.from[0].address === 'grace@example.org', 'envelope ' + j(msg.envelope));
        check(msg.bodyStructure.type === 'multipart/alternative' && msg.bodyStructure.childNodes.length === 2, 'bodystructure ' + j(msg.bodyStructure));
        check(msg.source.toString() === raw, 'source');
        check(msg.size === raw.length, 'size');
        const part = await client.download(String(msg.seq), '1');
        let text = '';
        for await (const c of part.content) text += c;
        check(text.trim() === 'hello kiwi', 'download part ' + text);
        const found = await client.search({ body: 'kiwi' });
        check(found.length === 1, 'search ' + j(found));
        await client.messageFlagsAdd({ uid: msg.uid }, ['\\Seen'], { uid: true });
        const unseen = await client.search({ seen: false });
        check(unseen.length === 0, 'unseen after flag ' + j(unseen));
        const copied = await client.messageCopy('1:*', 'Drafts');
        check(copied && copied.uidMap && copied.uidMap.size === 1, 'copy ' + j(copied));
        const moved = await client.messageMove('1:*', 'Trash');
        check(moved && moved.uidMap && moved.uidMap.size === 1, 'move ' + j(moved));
        check(client.mailbox.exists === 0, 'exists after move ' + client.mailbox.exists);
    } finally {
        lock.release();
    }

    // IDLE: a delivery through swaks is pushed at once
    lock = await client.getMailboxLock('INBOX');
    try {
        const pushed = new Promise(resolve => client.on('exists', data => resolve(data)));
        client.idle().catch(() => {});
        await new Promise(r => setTimeout(r, 200));
        execFileSync('swaks', ['--server', '127.0.0.1', '--port', smtpPort, '--from', 'sender@example.org', '--to', user,
            '--header', 'Subject: via swaks'], { stdio: 'ignore' });
        const data = await pushed;
        check(data.count === 1, 'exists event ' + j(data));
        const m = await client.fetchOne('*', { envelope: true, size: true, source: true });
        check(m.envelope.subject === 'via swaks', 'pushed message ' + j(m.envelope));
        check(m.size === m.source.length && m.source.toString().includes('Received: from'), 'RFC822.SIZE of a delivery ' + m.size + ' vs ' + m.source.length);
        await client.messageDelete('1:*');
        check(client.mailbox.exists === 0, 'after delete');
    } finally {
        lock.release();
    }
    await client.logout();
    console.log('ALL GOOD');
}

main().catch(e => {
    console.log('FAILED: ' + (e.stack || e) + ' ' + j(e.responseText || ''));
    process.exit(4);
});
