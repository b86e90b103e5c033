import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Fails CI when a test was skipped that .ci/allowed-skips does not list: reads every Surefire
 * report (TEST-*.xml) under the given folders and prints each skipped test as class#method.
 * Usage: java .ci/CheckSkips.java ALLOWED_FILE DIR...
 */
public final class CheckSkips {
    public static void main(String[] args) throws Exception {
        Set<String> allowed = Files.readAllLines(Path.of(args[0])).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        List<String> skipped = new ArrayList<>();
        int reports = 0;
        for (int i = 1; i < args.length; i++) {
            for (Path report : reports(Path.of(args[i]))) {
                reports++;
                NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                        .getElementsByTagName("testcase");
                for (int c = 0; c < cases.getLength(); c++) {
                    Element t = (Element) cases.item(c);
                    if (t.getElementsByTagName("skipped").getLength() > 0) {
                        skipped.add(t.getAttribute("classname") + "#" + t.getAttribute("name"));
                    }
                }
            }
        }
        List<String> unexpected = skipped.stream().filter(s -> !allowed.contains(s)).toList();
        System.out.println("skipped tests: " + skipped.size() + " in " + reports + " reports, " + unexpected.size()
                + " not allowed by " + args[0]);
        unexpected.forEach(s -> System.out.println("  skipped, not allowed: " + s));
        System.exit(unexpected.isEmpty() && reports > 0 ? 0 : 1);
    }

    private static List<Path> reports(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).toList();
        }
    }
}
