package io.switchboard.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.ActionRegistry.Action;
import io.switchboard.entity.ActionRegistry.Result;
import io.switchboard.entity.ClientInstructions;

import java.util.List;
import java.util.Map;

/** The sign-up, sign-in and become-administrator actions (answers exactly as api.md shows). */
public final class AccountActions {
    private AccountActions() {
    }

    public static void register(ActionRegistry actions, AccountService accounts) {
        actions.register(new Action("user_account", "signup", List.of("name", "email", "mobile", "password", "passwordConfirm"),
                call -> {
                    accounts.signUp(call.attributes());
                    ArrayNode out = ClientInstructions.notify(ClientInstructions.list(), "success", "Success", "Signed up, please sign in");
                    return Result.ok(ClientInstructions.redirect(out, "/auth/signin", 2000));
                }));
        actions.register(new Action("user_account", "signin", List.of("email", "password"), call -> {
            String email = call.attributes().path("email").asText(null);
            String password = call.attributes().path("password").asText(null);
            try {
                String token = accounts.signIn(email, password, call.clientIp());
                ArrayNode out = ClientInstructions.list();
                ClientInstructions.storeSet(out, "token", token);
                ClientInstructions.cookieSet(out, "token", token + "; SameSite=Strict");
                ClientInstructions.notify(out, "success", "Success", "Logged in");
                ClientInstructions.redirect(out, "/", 2000);
                return new Result(200, out, Map.of("Set-Cookie", "token=" + token + "; Path=/; HttpOnly; SameSite=Strict"));
            } catch (AccountService.SignInFailed e) {
                if (e.retryAfterSeconds() > 0) {
                    return new Result(429, ClientInstructions.error(e.getMessage()),
                            Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
                }
                return new Result(400, ClientInstructions.error("Invalid username or password"), Map.of());
            }
        }));
        actions.register(new Action("world", "become_an_administrator", List.of(), call -> {
            accounts.becomeAdministrator(call.principal());
            ArrayNode out = ClientInstructions.notify(ClientInstructions.list(), "success", "Success", "You are now an administrator");
            return Result.ok(ClientInstructions.redirect(out, "/", 2000));
        }));
    }
}
