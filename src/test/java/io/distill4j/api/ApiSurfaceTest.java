package io.distill4j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public surface is closed: every public signature of {@code io.distill4j.api} (read by
 * reflection: supertypes, fields, constructors, methods, their generic arguments and exceptions)
 * names only types of that package, of {@code java.*} and of the engine's {@code org.bytedeco.pytorch};
 * the programs of {@code examples/}, compiled here and read by the JDK's {@code jdeps}, use nothing of
 * distill4j but that package; and no public type of the package has the simple name of a public class
 * of DJL's API, which a program may use beside it.
 */
class ApiSurfaceTest {
    private static final Path CLASSES = Path.of("target/classes/io/distill4j/api");
    private static final List<String> SURFACE = List.of("io.distill4j.api.", "java.", "org.bytedeco.pytorch.");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    @TempDir Path tmp;

    /** @return the package's public types, nested ones included */
    private static List<Class<?>> publicTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(CLASSES)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.equals("package-info.class")) {
                    Class<?> c = Class.forName("io.distill4j.api." + name.substring(0, name.length() - 6));
                    if (Modifier.isPublic(c.getModifiers()) && (c.getEnclosingClass() == null
                            || Modifier.isPublic(c.getEnclosingClass().getModifiers()))) {
                        types.add(c);
                    }
                }
            }
        }
        return types;
    }

    /** @return every type a public or protected part of {@code type}'s signature names, as {@code Type.member: class} */
    static Set<String> signatureTypes(Class<?> type) {
        Set<String> named = new TreeSet<>();
        String t = type.getSimpleName();
        collect(type.getGenericSuperclass(), t + " extends", named);
        for (Type i : type.getGenericInterfaces()) {
            collect(i, t + " implements", named);
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                collect(f.getGenericType(), t + "." + f.getName(), named);
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        executables.addAll(List.of(type.getDeclaredMethods()));
        for (Executable e : executables) {
            if (!visible(e) || e.isSynthetic()) {
                continue;
            }
            String where = t + "." + (e instanceof Constructor<?> ? "<init>" : e.getName());
            if (e instanceof Method m) {
                collect(m.getGenericReturnType(), where, named);
            }
            for (Type p : e.getGenericParameterTypes()) {
                collect(p, where, named);
            }
            for (Type x : e.getGenericExceptionTypes()) {
                collect(x, where, named);
            }
        }
        return named;
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())
                || m.getDeclaringClass().isInterface() && !Modifier.isPrivate(m.getModifiers());
    }

    private static void collect(Type type, String where, Set<String> named) {
        if (type instanceof Class<?> c) {
            Class<?> base = c;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            if (!base.isPrimitive()) {
                named.add(where + ": " + base.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), where, named);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, where, named);
            }
        } else if (type instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), where, named);
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, where, named));
        } else if (type instanceof TypeVariable<?> v) {
            Stream.of(v.getBounds()).forEach(b -> collect(b, where, named));
        }
    }

    private static List<String> outsideSurface(Set<String> named) {
        return named.stream().filter(n -> SURFACE.stream().noneMatch(n.substring(n.indexOf(": ") + 2)::startsWith)).toList();
    }

    @Test
    void everyPublicSignatureOfTheApiNamesOnlyApiJdkAndEngineTypes() throws Exception {
        List<Class<?>> types = publicTypes();
        assertThat(types).as("the scan sees the package's types, nested ones too")
                .contains(Data.class, TrainedModel.class, Splits.Part.class, ProgressSink.Task.class);
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : types) {
            leaks.addAll(outsideSurface(signatureTypes(c)));
        }
        assertThat(leaks).as("public signatures of io.distill4j.api that name distill4j's insides or a library").isEmpty();
        assertThat(signatureTypes(StudentModule.class)).as("a student of your own is written against the engine")
                .contains("StudentModule.builder: org.bytedeco.pytorch.Module");
    }

    @Test
    void theSameScanFindsTheInsidesThatAnInternalClassExposes() {
        assertThat(outsideSurface(signatureTypes(io.distill4j.model.SavedModel.class)))
                .contains("SavedModel.load: io.distill4j.engine.ComputeDevice", "SavedModel.network: io.distill4j.model.Network");
    }

    @Test
    void theExamplesUseNothingOfDistill4jButTheApi() throws IOException {
        List<Path> sources = ApiJavadocTest.javaSources(Path.of("examples/src/main/java"));
        assertThat(sources).extracting(f -> f.getFileName().toString())
                .contains("FolderToOnnx.java", "OwnStudent.java", "LoggedTraining.java");
        Path out = tmp.resolve("examples");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path")));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(javac.run(null, log, log, args.toArray(String[]::new))).as(log.toString()).isZero();
        Set<String> used = new TreeSet<>();
        StringWriter deps = new StringWriter();
        int code = java.util.spi.ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(deps),
                new PrintWriter(deps), "-verbose:class", "-filter:none", out.toString());
        assertThat(code).as(deps.toString()).isZero();
        for (String line : deps.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                used.add(m.group(2));
            }
        }
        assertThat(used).as("the scan reads the examples' dependencies")
                .contains("io.distill4j.api.Teachers", "io.distill4j.api.TrainingObserver", "org.bytedeco.pytorch.Module");
        assertThat(used.stream().filter(c -> c.startsWith("io.distill4j.") && !c.startsWith("io.distill4j.api.")
                && !c.startsWith("io.distill4j.examples.")))
                .as("distill4j classes outside the API that the examples use").isEmpty();
        assertThat(used.stream().filter(c -> !c.startsWith("java") && !c.startsWith("io.distill4j.")
                && !c.startsWith("org.bytedeco.pytorch.") && !c.startsWith("org.bytedeco.javacpp.")))
                .as("libraries the examples use besides the JDK and the engine").isEmpty();
    }

    @Test
    void noPublicTypeOfTheApiHasTheSimpleNameOfAPublicClassOfDjl() throws Exception {
        Path djl = Path.of(ai.djl.Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> djlNames = new TreeSet<>();
        try (ZipFile jar = new ZipFile(djl.toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("ai/djl/") && n.endsWith(".class") && !n.contains("$"))
                    .forEach(n -> djlNames.add(n.substring(n.lastIndexOf('/') + 1, n.length() - 6)));
        }
        assertThat(djlNames).as("the scan reads DJL's API").contains("Model", "Dataset", "Predictor", "TrainingListener",
                "Trainer", "Device", "Loss");
        List<String> ours = publicTypes().stream().map(Class::getSimpleName).toList();
        assertThat(ours.stream().filter(djlNames::contains)).as("API types named like DJL's").isEmpty();
    }
}
