package io.switchboard.auth;

/**
 * The permission bitmask on every row (shared/protocols/api.md): seven operations for each of
 * guest (bits 0-6), owner (7-13) and group (14-20).
 */
public final class Permission {
    /** One operation; its bit within a who-block. */
    public enum Op {
        PEEK(1), READ(2), CREATE(4), UPDATE(8), DELETE(16), EXECUTE(32), REFER(64);

        final int bit;

        Op(int bit) {
            this.bit = bit;
        }
    }

    public static final int GUEST_SHIFT = 0;
    public static final int OWNER_SHIFT = 7;
    public static final int GROUP_SHIFT = 14;
    public static final int ALL_OPS = 127;

    public static final int OWNER_ALL = ALL_OPS << OWNER_SHIFT;                                 // 16256
    public static final int GROUP_PEEK_READ = (Op.PEEK.bit | Op.READ.bit) << GROUP_SHIFT;       // 49152
    /** api.md: owner all, group peek+read, guest none. */
    public static final int DEFAULT_ROW = OWNER_ALL | GROUP_PEEK_READ;                          // 65408
    public static final int MAX = (1 << 21) - 1;

    private Permission() {
    }

    public static int guest(Op op) {
        return op.bit << GUEST_SHIFT;
    }

    public static int owner(Op op) {
        return op.bit << OWNER_SHIFT;
    }

    public static int group(Op op) {
        return op.bit << GROUP_SHIFT;
    }

    /**
     * May the principal do {@code op} on something with this owner, groups and mask?
     * Administrators may do everything; "no credentials" is the guest block only.
     */
    public static boolean allows(Principal who, int mask, String owner, java.util.Collection<String> groups, Op op) {
        if (who.isAdministrator()) return true;
        if ((mask & guest(op)) != 0) return true;
        if (who.isGuest()) return false;
        if (owner != null && owner.equals(who.userId()) && (mask & owner(op)) != 0) return true;
        if ((mask & group(op)) != 0 && groups != null) {
            for (String g : groups) {
                if (who.groups().contains(g)) return true;
            }
        }
        return false;
    }
}
