package io.switchboard.site;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code site} row as storage sees it.
 *
 * @param hostname the folder name under the FTP root and under {@code /dav/sites/}
 * @param root     the storage folder, absolute and normalized
 */
public record Site(String referenceId, String name, String hostname, Path root, boolean ftpEnabled, boolean enabled,
                   String owner, int permission, List<String> usergroups) {
    public Site {
        usergroups = List.copyOf(usergroups);
    }
}
