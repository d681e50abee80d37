package io.switchboard.dav;

import java.nio.charset.StandardCharsets;

/** A 64-bit FNV-1a hash of text, for entity tags of stored objects. */
final class Hashing {
    private Hashing() {
    }

    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
