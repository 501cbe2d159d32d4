package dev.elementkit.devportal.scripting;

/**
 * How a script run ended.
 *
 * @param succeeded true when every snippet ran
 * @param line      the script line at fault (1-based); 0 when the script succeeded
 * @param error     what went wrong, starting {@code SCRIPT:LINE: }, as the CLI prints it; empty on success
 */
public record ScriptResult(boolean succeeded, int line, String error) {

    static ScriptResult success() {
        return new ScriptResult(true, 0, "");
    }

    static ScriptResult failure(int line, String error) {
        return new ScriptResult(false, line, error);
    }

    /** The process exit code for this result: 0 on success, 1 when the script failed. */
    public int exitCode() {
        return succeeded ? 0 : 1;
    }
}
