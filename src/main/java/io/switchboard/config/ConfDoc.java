package io.switchboard.config;

/**
 * Prints a documented {@code switchboard.conf} with every key at its default:
 * {@code java -cp switchboard.jar io.switchboard.config.ConfDoc > switchboard.conf}.
 * The shipped {@code conf/switchboard.conf} is this output (a test keeps them in step).
 */
public final class ConfDoc {
    private ConfDoc() {
    }

    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Switchboard configuration (Java properties: key = value).\n")
                .append("# Precedence: built-in default < this file < /_config (stored in the database, shared by all nodes)\n")
                .append("#   < SWITCHBOARD_<KEY> environment variables (dots as underscores, upper case) < --set key=value.\n")
                .append("# Every key is listed with its default, commented out. [hot] keys apply without restart.\n");
        String area = "";
        for (ConfigKey k : ConfigKeys.all()) {
            String a = k.name().contains(".") ? k.name().substring(0, k.name().indexOf('.')) : k.name();
            if (!a.equals(area)) {
                sb.append('\n');
                area = a;
            }
            sb.append("# ").append(k.description()).append(k.hot() ? " [hot]" : "").append(k.secret() ? " [secret]" : "")
                    .append(" (env ").append(k.environmentName()).append(")\n");
            sb.append("#").append(k.name()).append(" = ").append(k.defaultValue()).append('\n');
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.out.print(render());
    }
}
