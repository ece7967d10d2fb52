package io.venice.e2ee.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell examples of the README and {@code docs/}, read as the commands they are, so a test runs exactly what the
 * page says: continuation lines joined, comments dropped, quotes and {@code $NAME} expanded, {@code echo ... |},
 * a trailing {@code &}, {@code < file} and {@code > file} taken apart. Values a page leaves to the reader ({@code chatcmpl-...},
 * {@code HEX}, a directory) are replaced only as the test names them: a whole word, a path prefix (a key ending in
 * {@code /}) or a {@code $NAME}.
 */
final class DocShell {
    /** What a line of the example does. */
    enum Kind {
        /** {@code ./venice-e2ee ...} or {@code venice-e2ee ...}: the CLI, whose arguments are {@link Command#args}. */
        VENICE_E2EE,
        /** {@code export NAME=...}: the reader's environment, which the test supplies its own way. */
        ENVIRONMENT,
        /** {@code curl ...}: an HTTP request, whose words are {@link Command#args}. */
        CURL,
        /** Anything else (another script). */
        OTHER
    }

    /**
     * One command of an example.
     *
     * @param text       the line as the page shows it (continuations joined, comment dropped)
     * @param args       its words after the program name, substituted
     * @param stdin      what {@code echo} pipes into it, or null
     * @param stdinFile  the file after {@code <}, or null
     * @param stdoutFile the file after {@code >}, or null
     */
    record Command(String text, Kind kind, List<String> args, String stdin, String stdinFile, String stdoutFile) {
        /** The CLI subcommand ({@code chat}, {@code attest}, ...), or the program for other kinds. */
        String name() {
            return args.isEmpty() ? "" : args.get(0);
        }

        /** The arguments followed by {@code more}. */
        String[] argsWith(String... more) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }

    private DocShell() {
    }

    /** The commands of a fenced block's lines, with {@code substitutions} applied (see the class comment). */
    static List<Command> parse(List<String> block, Map<String, String> substitutions) {
        List<Command> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : block) {
            String line = raw.strip();
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            List<String> words = new ArrayList<>(words(pending.toString()));
            pending.setLength(0);
            if (!words.isEmpty() && words.get(words.size() - 1).equals("&")) {
                words.remove(words.size() - 1);          // run in the background: the test runs it as a server
            }
            if (!words.isEmpty()) {
                out.add(command(words, substitutions));
            }
        }
        if (pending.length() > 0) {
            throw new AssertionError("the example ends in a continuation line: " + pending);
        }
        return out;
    }

    private static Command command(List<String> words, Map<String, String> substitutions) {
        String text = String.join(" ", words);
        String stdin = null;
        int pipe = words.indexOf("|");
        if (pipe >= 0) {
            List<String> echo = words.subList(0, pipe);
            if (echo.isEmpty() || !echo.get(0).equals("echo")) {
                throw new AssertionError("only echo is piped in the examples: " + text);
            }
            boolean noNewline = echo.size() > 1 && echo.get(1).equals("-n");
            stdin = String.join(" ", echo.subList(noNewline ? 2 : 1, echo.size())) + (noNewline ? "" : "\n");
            words = words.subList(pipe + 1, words.size());
        }
        String stdinFile = null;
        String stdoutFile = null;
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("<") || w.equals(">")) && i + 1 < words.size()) {
                String file = substitute(words.get(++i), substitutions);
                if (w.equals("<")) {
                    stdinFile = file;
                } else {
                    stdoutFile = file;
                }
            } else {
                args.add(substitute(w, substitutions));
            }
        }
        String program = words.get(0);
        Kind kind = program.equals("./venice-e2ee") || program.equals("venice-e2ee") ? Kind.VENICE_E2EE
                : program.equals("export") ? Kind.ENVIRONMENT : program.equals("curl") ? Kind.CURL : Kind.OTHER;
        if (kind == Kind.OTHER || kind == Kind.ENVIRONMENT) {
            args.add(0, program);
        }
        return new Command(text, kind, List.copyOf(args), stdin, stdinFile, stdoutFile);
    }

    private static String substitute(String word, Map<String, String> substitutions) {
        String exact = substitutions.get(word);
        if (exact != null) {
            return exact;
        }
        String out = word;
        for (Map.Entry<String, String> e : substitutions.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("/") && out.startsWith(key)) {
                out = e.getValue() + out.substring(key.length());
            } else if (key.startsWith("$")) {
                out = out.replace(key, e.getValue());
            }
        }
        return out;
    }

    /** The words of one line as a POSIX shell splits them (quotes kept together, an unquoted # starts a comment). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new AssertionError("unclosed quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
