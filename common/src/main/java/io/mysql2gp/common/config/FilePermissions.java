package io.mysql2gp.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** Warns when a file holding passwords can be read by other users. */
final class FilePermissions {
    private FilePermissions() {
    }

    static Optional<String> warning(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of(file + ": readable by group or others (" + PosixFilePermissions.toString(perms)
                    + ") although it holds passwords; consider chmod 600 " + file);
        }
        return Optional.empty();
    }
}
