package dev.jemception.serve.internal;

/** Where a program's output first differs from what a grader expected, line by line. */
final class OutputDiff {
    private OutputDiff() {}

    /** Null when equal (a missing final newline aside); else the first differing line, expected vs got. */
    static String firstDifference(String expected, String actual) {
        String[] want = strip(expected).split("\n", -1);
        String[] got = strip(actual).split("\n", -1);
        for (int i = 0; i < Math.max(want.length, got.length); i++) {
            String w = i < want.length ? want[i] : null;
            String g = i < got.length ? got[i] : null;
            if (w == null || !w.equals(g)) {
                return "line " + (i + 1) + ": expected " + show(w) + ", got " + show(g);
            }
        }
        return null;
    }

    private static String strip(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String show(String line) {
        return line == null ? "no line" : "\"" + line + "\"";
    }
}
