// CONDSTORE/QRESYNC with imapflow (qresync: true): one client keeps a mailbox's state, another changes
// it, the first re-opens the mailbox with its last UIDVALIDITY and HIGHESTMODSEQ and must learn exactly
// what changed (VANISHED (EARLIER) and FETCH FLAGS), and live expunges arrive as VANISHED.
// usage: node qresync.js <imapPort> <user> <password>
'use strict';
const { ImapFlow } = require('imapflow');

const [port, user, pass] = process.argv.slice(2);
const j = o => JSON.stringify(o, (k, v) => typeof v === 'bigint' ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v);

function check(cond, what) {
    if (!cond) {
        console.log('FAILED: ' + what);
        process.exit(3);
    }
}

function client(qresync) {
    return new ImapFlow({ host: '127.0.0.1', port: Number(port), secure: false, tls: { rejectUnauthorized: false }, auth: { user, pass }, logger: false, qresync });
}

async function main() {
    const a = client(true);
    const expunges = [];
    const flagEvents = [];
    a.on('expunge', e => expunges.push(e));
    a.on('flags', e => flagEvents.push(e));
    await a.connect();
    check(a.enabled.has('CONDSTORE') && a.enabled.has('QRESYNC'), 'enabled ' + j(a.enabled));
    for (let i = 0; i < 4; i++) {
        await a.append('INBOX', 'Subject: flow ' + i + '\r\n\r\nbody ' + i + '\r\n');
    }
    let box = await a.mailboxOpen('INBOX');
    check(typeof box.highestModseq === 'bigint' && box.highestModseq > 0n, 'highestModseq ' + j(box));
    const uidValidity = box.uidValidity;
    const known = box.highestModseq;
    const msgs = [];
    for await (const m of a.fetch('1:*', { uid: true, flags: true })) msgs.push(m);
    check(msgs.length === 4 && msgs.every(m => typeof m.modseq === 'bigint' && m.modseq <= known), 'modseq per message ' + j(msgs));

    // conditional store: succeeds with the current modseq, then nothing newer than it is changed again
    check(await a.messageFlagsAdd({ uid: msgs[0].uid }, ['\\Flagged'], { uid: true, unchangedSince: msgs[0].modseq }), 'unchangedSince store');
    const after = await a.fetchOne(String(msgs[0].uid), { uid: true, flags: true }, { uid: true });
    check(after.flags.has('\\Flagged') && after.modseq > known, 'store bumped modseq ' + j(after));
    const changed = [];
    for await (const m of a.fetch('1:*', { uid: true, flags: true }, { changedSince: known })) changed.push(m);
    check(changed.length === 1 && changed[0].uid === msgs[0].uid, 'changedSince ' + j(changed));
    const lastSeen = after.modseq;
    await a.mailboxClose();

    // another client (no QRESYNC) expunges one message and flags another
    const b = client(false);
    await b.connect();
    await b.mailboxOpen('INBOX');
    await b.messageFlagsAdd({ uid: msgs[1].uid }, ['\\Deleted'], { uid: true });
    await b.messageDelete({ uid: msgs[1].uid }, { uid: true });
    await b.messageFlagsAdd({ uid: msgs[2].uid }, ['$Important'], { uid: true });

    // quick resync on open
    expunges.length = 0;
    flagEvents.length = 0;
    box = await a.mailboxOpen('INBOX', { uidValidity, changedSince: lastSeen });
    check(expunges.some(e => e.vanished && e.earlier && e.uid === msgs[1].uid), 'vanished earlier ' + j(expunges));
    check(flagEvents.some(e => e.uid === msgs[2].uid && e.flags.has('$Important')), 'flags on resync ' + j(flagEvents));
    check(!flagEvents.some(e => e.uid === msgs[0].uid), 'nothing old repeated ' + j(flagEvents));

    // a live expunge by the other client reaches this one as VANISHED (by UID)
    expunges.length = 0;
    await b.messageDelete({ uid: msgs[3].uid }, { uid: true });
    await a.noop();
    check(expunges.some(e => e.vanished && !e.earlier && e.uid === msgs[3].uid), 'live vanished ' + j(expunges));
    const st = await a.status('INBOX', { messages: true, highestModseq: true });
    check(st.messages === 2 && st.highestModseq > lastSeen, 'status ' + j(st));

    await b.logout();
    await a.logout();
    console.log('ALL GOOD');
}

main().catch(e => {
    console.log('FAILED: ' + (e && e.stack || e) + (e && e.responseText ? ' ' + e.responseText : ''));
    process.exit(2);
});
