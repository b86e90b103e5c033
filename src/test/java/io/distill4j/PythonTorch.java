package io.distill4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python with PyTorch on this machine (Debian's {@code python3-torch}, which {@code .ci/run}
 * installs), for the tests where distill4j meets PyTorch; {@code null} where there is none, and
 * those tests are skipped saying so.
 */
public final class PythonTorch {
    private static String interpreter;
    private static boolean searched;

    private PythonTorch() {}

    /** What a command printed, with its exit code (-1 if it could not start or timed out). */
    public record Run(int exit, String output) {}

    /** @return the first of {@code /usr/bin/python3}, {@code python3} that imports torch, or {@code null} */
    public static synchronized String interpreter() throws InterruptedException {
        if (!searched) {
            searched = true;
            for (String candidate : List.of("/usr/bin/python3", "python3")) {
                if (run(List.of(candidate, "-c", "import torch"), 120).exit() == 0) {
                    interpreter = candidate;
                    break;
                }
            }
        }
        return interpreter;
    }

    /**
     * @param command the command and its arguments
     * @param seconds how long it may run
     * @return its exit code and its output (stdout and stderr together)
     */
    public static Run run(List<String> command, int seconds) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out");
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        }
    }
}
