package io.distill4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help that reads well and docs that stay true: every {@code --help} prints without picocli's
 * warnings and lists whole sentences; every {@code bin/distill …} line in README.md and docs/ names
 * options its command has (lines without placeholders parse completely); every option of every
 * command is documented in README.md or docs/.
 */
class HelpAndDocsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern COMMAND = Pattern.compile("bin/distill((?: +[^ \n`#&;\"')]+)*)");

    @Test
    void everyHelpPrintsWithoutWarningsAndTheListHasWholeSentences() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (CommandLine command : all) {
                Cli cli = new Cli();
                List<String> path = new ArrayList<>(pathOf(command));
                path.add("--help");
                assertThat(cli.run(path.toArray(String[]::new))).as("%s", path).isZero();
                assertThat(cli.err.toString()).as("%s", path).isEmpty();
                assertThat(cli.out.toString()).as("%s", path).doesNotContain("picocli WARN");
                if (!command.getSubcommands().isEmpty()) {
                    for (CommandLine sub : command.getSubcommands().values()) {
                        CommandSpec spec = sub.getCommandSpec();
                        String summary = spec.usageMessage().header().length > 0
                                ? spec.usageMessage().header()[0] : spec.usageMessage().description()[0];
                        assertThat(summary.strip()).as("summary of %s", sub.getCommandName()).endsWith(".");
                    }
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void misspeltOptionsAndCommandsGetASuggestion() {
        Cli option = new Cli();
        assertThat(option.run("study", "--train-limt", "5")).isEqualTo(Main.EXIT_BAD_INPUT);
        option.assertOneLineError("did you mean --train-limit?", "(see 'distill study --help')");
        Cli command = new Cli();
        assertThat(command.run("stdy")).isEqualTo(Main.EXIT_BAD_INPUT);
        command.assertOneLineError("did you mean study?", "(see 'distill --help')");
    }

    @Test
    void evaluateOfAMissingRunSaysItDoesNotExist() {
        Cli cli = new Cli();
        assertThat(cli.run("evaluate", "--run", ROOT.resolve("target/no-such-run").toString()))
                .isEqualTo(Main.EXIT_BAD_INPUT);
        cli.assertOneLineError("no-such-run does not exist");
    }

    @Test
    void everyCommandLineInTheDocsNamesRealOptions() throws IOException {
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Path doc : docs()) {
            Matcher m = COMMAND.matcher(Files.readString(doc).replaceAll("\\\\\n\\s*", " "));
            while (m.find()) {
                String line = m.group(1).strip();
                List<String> words = new ArrayList<>(List.of(line.isEmpty() ? new String[0] : line.split("\\s+")));
                List<CommandLine> commands = List.of(Main.commandLine());
                while (!words.isEmpty() && commands.size() == 1) {
                    CommandLine parent = commands.get(0);
                    List<CommandLine> named = Stream.of(words.get(0).split("\\|"))
                            .map(parent.getSubcommands()::get).toList();
                    if (named.contains(null)) {
                        break;
                    }
                    commands = named;
                    words.remove(0);
                }
                boolean concrete = commands.size() == 1;
                for (String word : words) {
                    concrete &= !word.matches(".*[\\[\\]|…<>*$].*");
                    String name = word.replaceAll("^\\[", "").replace("[no-]", "").replaceAll("[=\\]].*$", "");
                    if (name.startsWith("--") && commands.stream()
                            .allMatch(c -> c.getCommandSpec().findOption(name) == null)) {
                        problems.add(ROOT.relativize(doc) + ": 'bin/distill" + " " + line + "' has no option " + name);
                    }
                }
                if (concrete && !words.contains("--help") && !words.contains("--version")) {
                    try {
                        Main.commandLine().parseArgs(line.isEmpty() ? new String[0] : line.split("\\s+"));
                        parsed++;
                    } catch (CommandLine.ParameterException e) {
                        problems.add(ROOT.relativize(doc) + ": 'bin/distill " + line + "': " + e.getMessage());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(parsed).as("command lines parsed").isGreaterThan(20);
    }

    /** The README's studies (the quick one and the real one) set up: settings, teacher and data checked by --dry-run. */
    @Test
    void everyStudyInTheReadmeSetsUp() throws IOException {
        Matcher m = COMMAND.matcher(Files.readString(ROOT.resolve("README.md")));
        int studies = 0;
        while (m.find()) {
            String line = m.group(1).strip();
            if (line.startsWith("study")) {
                List<String> args = new ArrayList<>(List.of(line.split("\\s+")));
                args.addAll(List.of("--dry-run", "--data-dir", ROOT.resolve("target/no-data-here").toString()));
                Cli cli = new Cli();
                assertThat(cli.run(args.toArray(String[]::new))).as("%s: %s", args, cli.err).isZero();
                assertThat(cli.out.toString()).startsWith("dry run: ").contains("students: ");
                studies++;
            }
        }
        assertThat(studies).isGreaterThanOrEqualTo(2);
        assertThat(ROOT.resolve("target/no-data-here")).doesNotExist();
    }

    @Test
    void everyOptionIsDocumented() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path doc : docs()) {
            text.append(Files.readString(doc));
        }
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        TreeSet<String> undocumented = new TreeSet<>();
        for (CommandLine command : all) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String name = option.longestName();
                if (!option.usageHelp() && !option.versionHelp()
                        && !Pattern.compile(Pattern.quote(name) + "(?![\\w-])").matcher(text).find()) {
                    undocumented.add(String.join(" ", pathOf(command)) + " " + name);
                }
            }
        }
        assertThat(undocumented).as("options that README.md and docs/ never mention").isEmpty();
    }

    private static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(sub -> collect(sub, into));
    }

    private static List<String> pathOf(CommandLine command) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return names;
    }
}
