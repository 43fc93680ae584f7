package io.mysql2gp.acceptance;

import java.util.List;

/** Picks ERROR lines out of a daemon's output. */
final class LoaderLines {
    private LoaderLines() {}

    static List<String> errors(String output) {
        return output.lines().filter(l -> l.contains(" ERROR ")).toList();
    }

    static List<String> errorsAbout(String output, String name) {
        return errors(output).stream().filter(l -> l.contains(name)).toList();
    }
}
