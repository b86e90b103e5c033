package io.distill4j.report;

import io.distill4j.AtomicFiles;
import io.distill4j.BadInputException;
import io.distill4j.eval.ModelResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (CSS and images inline, no request leaves the page)
 * that explains a study to someone who never ran it: the question, the protocol, accuracies with
 * their spread over seeds, loss curves, the statistics of each distilled student against the
 * labels-only baseline, the test-set evaluation and the models' footprints. Made only from the
 * files a run saved, so it can be rebuilt at any time and merged over several runs: the runs'
 * files are read ({@link RunFiles}), made into the page's data ({@link PageBuilder}, {@link
 * ReportPage}) and rendered ({@link HtmlRenderer}).
 */
public final class HtmlReport {
    /** Conventional file name inside a run directory. */
    public static final String FILE_NAME = "report.html";

    private HtmlReport() {}

    /**
     * Rebuilds {@code runDir/report.html} from the run's saved files.
     *
     * @param runDir a directory written by {@code distill study}
     * @return the report file
     * @throws BadInputException if the directory or its {@code results.json} is missing
     */
    public static Path write(Path runDir) {
        return merge(List.of(runDir), runDir.resolve(FILE_NAME));
    }

    /**
     * Writes one report over several runs. A group name that two runs share is prefixed with the
     * run directory's name ({@code run-a/student-a1}); other names are kept.
     *
     * @param runDirs directories written by {@code distill study}, at least one, with distinct names
     * @param out the HTML file to write (parent directories are created)
     * @return {@code out}
     * @throws BadInputException if a directory or its {@code results.json} is missing, or two
     *     directories have the same name
     */
    public static Path merge(List<Path> runDirs, Path out) {
        if (runDirs.isEmpty()) {
            throw new BadInputException("no run directory given: name at least one directory a study wrote");
        }
        return write(runDirs.stream().map(RunFiles::read).toList(), List.of(), out);
    }

    /**
     * Writes one report over runs already read, e.g. the cells of a sweep gathered into runs.
     *
     * @param runs the runs, with distinct names
     * @param missing sentences on results the report lacks, shown first; empty for none
     * @param out the HTML file to write (parent directories are created)
     * @return {@code out}
     */
    public static Path write(List<RunFiles> runs, List<String> missing, Path out) {
        AtomicFiles.write(out, HtmlRenderer.render(PageBuilder.build(disambiguate(runs)), missing)
                .getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** Prefixes the groups that more than one run has with the run's name. */
    static List<RunFiles> disambiguate(List<RunFiles> runs) {
        Set<String> names = new HashSet<>();
        Map<String, Integer> runsPerGroup = new HashMap<>();
        for (RunFiles r : runs) {
            if (!names.add(r.name())) {
                throw new BadInputException("two run directories are named '" + r.name()
                        + "': their models could not be told apart; rename or copy one of them");
            }
            r.models().stream().map(ModelResult::group).distinct().forEach(g -> runsPerGroup.merge(g, 1, Integer::sum));
        }
        Set<String> shared = new HashSet<>();
        runsPerGroup.forEach((g, n) -> {
            if (n > 1) {
                shared.add(g);
            }
        });
        return shared.isEmpty() ? runs : runs.stream().map(r -> r.prefixed(shared)).toList();
    }
}
