package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public type, method, constructor, field and record component of {@code io.distill4j.api}
 * is documented: the JDK's javadoc runs on the package with every doclint check on
 * ({@code -Xdoclint:all}: missing comments, {@code @param}, {@code @return}, {@code @throws}, broken
 * references and HTML), and any warning or error fails the test.
 */
class ApiJavadocTest {
    @TempDir Path tmp;

    /** @return javadoc's warnings and errors on the given sources, one line each */
    private List<String> doclint(List<Path> sources) throws IOException {
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = tool.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-Xdoclint:all", "-quiet", "-d", tmp.resolve("doc").toString(),
                    "-classpath", System.getProperty("java.class.path"));
            tool.getTask(new StringWriter(), files, diagnostics, null, options, files.getJavaFileObjectsFromPaths(sources))
                    .call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER)
                .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                        + d.getLineNumber() + ": ") + d.getMessage(Locale.ROOT))
                .toList();
    }

    /** @return the {@code .java} files under {@code dir}, sorted */
    static List<Path> javaSources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void everyPublicPartOfTheApiIsDocumented() throws IOException {
        List<Path> sources = javaSources(Path.of("src/main/java/io/distill4j/api"));
        assertThat(sources).extracting(f -> f.getFileName().toString())
                .contains("package-info.java", "Data.java", "Teachers.java", "Students.java", "Models.java");
        assertThat(doclint(sources)).isEmpty();
    }

    @Test
    void theCheckFindsAnUndocumentedMethod() throws IOException {
        Path source = tmp.resolve("src/example/Undocumented.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package example;\n/** Documented. */\npublic final class Undocumented {\n"
                + "    /** Documented. */\n    public Undocumented() {}\n\n    public int answer() {\n        return 42;\n    }\n}\n");
        assertThat(doclint(List.of(source))).singleElement().asString()
                .startsWith("Undocumented.java:7: ").contains("no comment");
    }
}
