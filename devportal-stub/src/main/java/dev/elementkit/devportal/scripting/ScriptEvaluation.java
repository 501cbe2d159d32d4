package dev.elementkit.devportal.scripting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * One run of one script: cuts the text into snippets the way Java reads it (a statement may span lines, a line may
 * hold several statements), evaluates them in order, and stops at the first that does not compile or throws,
 * naming the script line.
 */
final class ScriptEvaluation {

    /** Classes a script declares are nested in JShell wrapper classes; users know them by their own name. */
    private static final Pattern WRAPPER_PREFIX = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$");

    private final JShell shell;
    private final ScriptText script;
    /** Where each snippet's source starts in the script, by snippet id; stack frames name snippets by id. */
    private final Map<String, Integer> snippetOffsets = new HashMap<>();

    ScriptEvaluation(JShell shell, ScriptText script) {
        this.shell = shell;
        this.script = script;
    }

    ScriptResult run() {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String text = script.text();
        // Each snippet starts at its first token: JShell numbers a snippet's lines wrongly after leading blank
        // lines, and stack frames name lines by those numbers.
        for (int start = script.codeStart(0); start < text.length(); ) {
            String remaining = text.substring(start);
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source;
            int consumed;
            switch (info.completeness()) {
                // Nothing completes it before the end: evaluating it anyway gives javac's own error and position.
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE, EMPTY -> {
                    source = remaining;
                    consumed = remaining.length();
                }
                default -> {
                    source = info.source();
                    consumed = remaining.length() - info.remaining().length();
                }
            }
            if (consumed <= 0) {
                source = remaining;
                consumed = remaining.length();
            }
            ScriptResult failure = evaluate(source, start);
            if (failure != null) {
                return failure;
            }
            start = script.codeStart(start + consumed);
        }
        return ScriptResult.success();
    }

    /** Evaluates one snippet whose first token is at {@code offset}; the failure it caused, or null. */
    private ScriptResult evaluate(String source, int offset) {
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // an earlier snippet updated by this one, not this one's outcome
            }
            Snippet snippet = event.snippet();
            snippetOffsets.put(snippet.id(), offset);
            if (event.status() == Snippet.Status.REJECTED) {
                return compileError(snippet, offset);
            }
            if (event.exception() != null) {
                return runtimeError(event.exception(), offset);
            }
            if (runsNow(snippet) && !event.status().isDefined()) {
                return unresolved((DeclarationSnippet) snippet, offset);
            }
        }
        return null;
    }

    /** A variable is initialised where it is declared; a method or class may wait for what it refers to. */
    private static boolean runsNow(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.VAR;
    }

    private ScriptResult compileError(Snippet snippet, int offset) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            int line = script.lineAt(offset);
            return ScriptResult.failure(line, location(line) + "error: the snippet does not compile\n"
                    + trimEnd(new StringBuilder(excerpt(offset))));
        }
        StringBuilder message = new StringBuilder();
        int firstLine = 0;
        for (Diag diag : errors) {
            int at = offset + (int) position(diag);
            int line = script.lineAt(at);
            if (firstLine == 0) {
                firstLine = line;
            }
            String[] parts = diag.getMessage(Locale.ROOT).split("\\R");
            message.append(location(line)).append("error: ").append(parts[0]).append('\n');
            message.append(excerpt(at));
            for (int i = 1; i < parts.length; i++) {
                if (!isWrapperLocation(parts[i])) {
                    message.append(parts[i]).append('\n');
                }
            }
        }
        return ScriptResult.failure(firstLine, trimEnd(message));
    }

    private static long position(Diag diag) {
        if (diag.getPosition() != Diag.NOPOS) {
            return diag.getPosition();
        }
        return diag.getStartPosition() != Diag.NOPOS ? diag.getStartPosition() : 0;
    }

    /** javac names the hidden wrapper class ("location: class ") where a symbol is missing: no help to users. */
    private static boolean isWrapperLocation(String line) {
        return line.isBlank() || line.trim().equals("location: class");
    }

    private ScriptResult runtimeError(JShellException exception, int offset) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet declaration = unresolved.getSnippet();
            Integer declaredAt = snippetOffsets.get(declaration.id());
            return unresolved(declaration, declaredAt != null ? declaredAt : offset);
        }
        List<StackTraceElement> scriptFrames = new ArrayList<>();
        for (StackTraceElement frame : exception.getStackTrace()) {
            if (lineOf(frame) > 0) {
                scriptFrames.add(frame);
            }
        }
        int line = scriptFrames.isEmpty() ? script.lineAt(offset) : lineOf(scriptFrames.get(0));
        StringBuilder message = new StringBuilder(location(line)).append(describe(exception)).append('\n');
        if (scriptFrames.size() > 1) {
            for (StackTraceElement frame : scriptFrames) {
                String where = script.name() + ":" + lineOf(frame);
                String method = frameName(frame);
                message.append("\tat ").append(method.isEmpty() ? where : method + "(" + where + ")").append('\n');
            }
        }
        String said = String.valueOf(exception.getMessage());
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() == null || !said.contains(cause.getMessage())) {
                message.append("Caused by: ").append(describe(cause)).append('\n');
            }
            said = said + cause.getMessage();
        }
        return ScriptResult.failure(line, trimEnd(message));
    }

    private ScriptResult unresolved(DeclarationSnippet snippet, int offset) {
        int line = script.lineAt(offset);
        String needs = shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        String what = snippet.kind().name().toLowerCase(Locale.ROOT) + " " + snippet.name();
        StringBuilder message = new StringBuilder(location(line)).append("error: ").append(what)
                .append(" cannot be used until ").append(needs.isEmpty() ? "what it refers to" : needs)
                .append(" is declared\n").append(excerpt(offset));
        return ScriptResult.failure(line, trimEnd(message));
    }

    /** The script line of a stack frame in a snippet ({@code #<id>:<line in snippet>}); 0 for other frames. */
    private int lineOf(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#") || frame.getLineNumber() < 1) {
            return 0;
        }
        Integer offset = snippetOffsets.get(file.substring(1));
        return offset == null ? 0 : script.lineAt(offset) + frame.getLineNumber() - 1;
    }

    /** The method a snippet frame is in, {@code Type.method} inside a script's class; empty at the top level. */
    private static String frameName(StackTraceElement frame) {
        String method = frame.getMethodName();
        String type = frame.getClassName();
        if (method.isEmpty()) {
            return "";
        }
        return type.isEmpty() ? method : type + "." + method;
    }

    private static String describe(Throwable exception) {
        String type = exception instanceof EvalException eval ? eval.getExceptionClassName()
                : exception.getClass().getName();
        String message = exception.getMessage();
        return simpleName(type) + (message == null ? "" : ": " + message);
    }

    private static String simpleName(String className) {
        String name = WRAPPER_PREFIX.matcher(className).replaceFirst("");
        return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
    }

    private String location(int line) {
        return script.name() + ":" + line + ": ";
    }

    /** The script line holding {@code offset} and a caret under it, as javac prints them. */
    private String excerpt(int offset) {
        int line = script.lineAt(offset);
        String text = script.line(line);
        int column = Math.min(script.columnAt(offset), text.length());
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column; i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return text + "\n" + caret + "^\n";
    }

    private static String trimEnd(StringBuilder text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
