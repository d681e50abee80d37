package io.switchboard.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} / {@code --flag} arguments; anything else is positional. */
final class Args {
    private final Map<String, String> named = new HashMap<>();
    final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String k = a.substring(2);
                int eq = k.indexOf('=');
                if (eq >= 0) {
                    named.put(k.substring(0, eq), k.substring(eq + 1));
                } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
                    named.put(k, argv[++i]);
                } else {
                    named.put(k, "true");
                }
            } else {
                positional.add(a);
            }
        }
    }

    String str(String k, String def) {
        return named.getOrDefault(k, def);
    }

    String req(String k) {
        String v = named.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + k);
        }
        return v;
    }

    int integer(String k, int def) {
        String v = named.get(k);
        return v == null ? def : Integer.parseInt(v);
    }

    double dbl(String k, double def) {
        String v = named.get(k);
        return v == null ? def : Double.parseDouble(v);
    }

    boolean flag(String k) {
        return Boolean.parseBoolean(named.getOrDefault(k, "false"));
    }
}
