package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library path needs no command line, chart, HTML or report class: every class the
 * {@code io.distill4j.api} package reaches, directly or through other distill4j classes (read from
 * the compiled classes by the JDK's {@code jdeps}), lies outside the CLI, the report, the study
 * protocol (which writes reports) and the benchmarks, and is neither picocli nor XChart.
 */
class ApiDependenciesTest {
    private static final List<String> FORBIDDEN = List.of("io.distill4j.cli.", "io.distill4j.report.",
            "io.distill4j.study.", "io.distill4j.bench.", "picocli.", "org.knowm.xchart.");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    private static Map<String, Set<String>> edges;

    @BeforeAll
    static void scan() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                Path.of("target/classes").toString());
        assertThat(code).as(out.toString()).isZero();
        edges = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
    }

    /** @return every class reached from the classes whose names start with {@code prefix}, through distill4j classes */
    private static Set<String> reachedFrom(String prefix) {
        Set<String> reached = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>();
        edges.keySet().stream().filter(c -> c.startsWith(prefix)).forEach(todo::add);
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (reached.add(c) && c.startsWith("io.distill4j.")) {
                todo.addAll(edges.getOrDefault(c, Set.of()));
            }
        }
        return reached;
    }

    private static boolean forbidden(String cls) {
        return FORBIDDEN.stream().anyMatch(cls::startsWith);
    }

    @Test
    void theApiReachesNoCommandLineChartHtmlOrReportClass() {
        Set<String> reached = reachedFrom("io.distill4j.api.");
        assertThat(reached).as("the scan follows the API into training, distillation and export")
                .contains("io.distill4j.api.Teachers", "io.distill4j.train.TrainingLoop", "io.distill4j.distill.Methods",
                        "io.distill4j.export.Exporter", "io.distill4j.export.OnnxGraph", "io.distill4j.data.BatchSource");
        assertThat(reached.stream().filter(ApiDependenciesTest::forbidden).toList())
                .as("classes the API reaches that belong to the CLI, reports or the study").isEmpty();
    }

    @Test
    void theSameScanFindsTheReportsTheCommandLineReaches() {
        assertThat(reachedFrom("io.distill4j.cli.").stream().filter(ApiDependenciesTest::forbidden))
                .contains("io.distill4j.report.HtmlReport", "picocli.CommandLine", "io.distill4j.study.Study");
    }
}
