package io.switchboard.auth;

import java.util.Set;

/**
 * Who is asking: a signed-in user with their groups, or the guest (no credentials at all).
 *
 * @param userId reference id of the user_account row, null for the guest
 */
public record Principal(String userId, String email, String name, Set<String> groups) {
    public static final Principal GUEST = new Principal(null, null, null, Set.of());

    /** Fixed reference id of the built-in "administrators" usergroup. */
    public static final String ADMINISTRATORS_GROUP = "00000000-0000-4000-8000-000000000001";
    /** Fixed reference id of the built-in "users" usergroup every account joins at sign-up. */
    public static final String USERS_GROUP = "00000000-0000-4000-8000-000000000002";

    public Principal {
        groups = Set.copyOf(groups);
    }

    public boolean isGuest() {
        return userId == null;
    }

    public boolean isAdministrator() {
        return groups.contains(ADMINISTRATORS_GROUP);
    }
}
