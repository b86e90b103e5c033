package io.distill4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.distill4j.launch.Launch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The job started without a usable Spark (here: no master, as outside spark-submit) fails in one line, exit 2. */
class SparkUnavailableTest {
    @TempDir Path tmp;

    @Test
    void withoutAMasterTheJobSaysSoInOneLineAndWritesNothing() {
        Path out = tmp.resolve("store");
        StringWriter err = new StringWriter();
        CommandLine cl = Launch.commandLine(new SparkTeacherOutputs());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--dataset", "synthetic", "--teacher", tmp.resolve("teacher.params").toString(),
                "--out", out.toString());
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("error: Spark did not start")
                .contains("master URL").contains("spark-submit");
        assertThat(out).doesNotExist();
    }
}
