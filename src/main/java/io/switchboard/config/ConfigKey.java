package io.switchboard.config;

/**
 * One documented configuration key.
 *
 * @param name         dotted key, as in {@code conf/switchboard.conf}
 * @param defaultValue built-in default ("" = empty)
 * @param hot          true when a change applies without restart (through {@code /_config})
 * @param secret       never shown by {@code /_config}
 * @param description  one line for the generated documentation
 */
public record ConfigKey(String name, String defaultValue, boolean hot, boolean secret, String description) {

    /** The environment variable that overrides this key: dots become underscores, upper case. */
    public String environmentName() {
        return "SWITCHBOARD_" + name.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
