package io.distill4j.launch;

import io.distill4j.settings.Kind;
import io.distill4j.settings.Setting;
import io.distill4j.settings.SettingValues;
import io.distill4j.settings.Settings;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The command-line flags of the study settings, made from their descriptions in {@link Settings}:
 * {@code --name VALUE} for each, {@code --name}/{@code --no-name} for switches, repeatable where the
 * value is a map. Installed on {@code distill study} as its picocli model transformer.
 */
public final class SettingOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Setting<?> s : Settings.ALL) {
            spec.addOption(option(s));
        }
        return spec;
    }

    private static OptionSpec option(Setting<?> s) {
        OptionSpec.Builder b = OptionSpec.builder(s.flag()).description(s.description());
        if (s.kind() == Kind.BOOLEAN) {
            return b.negatable(true).arity("0").type(Boolean.class).build();
        }
        CommandLine.ITypeConverter<Object> parse = text -> {
            try {
                return s.kind().fromText(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
        b.arity("1").paramLabel(s.label()).converters(parse);
        return (s.kind().merge() != null ? b.type(List.class).auxiliaryTypes(Object.class) : b.type(Object.class)).build();
    }

    /**
     * @param spec the study command, after parsing
     * @return the settings given as flags
     */
    public static SettingValues given(CommandSpec spec) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        SettingValues values = SettingValues.empty();
        for (Setting<?> s : Settings.ALL) {
            if (parsed.hasMatchedOption(s.flag())) {
                values = with(values, s, parsed.matchedOption(s.flag()).getValue());
            }
        }
        return values;
    }

    private static <T> SettingValues with(SettingValues values, Setting<T> s, Object value) {
        if (s.kind().merge() == null) {
            return values.with(s, s.cast(value));
        }
        T merged = null;
        for (Object occurrence : (List<?>) value) {
            T one = s.cast(occurrence);
            merged = merged == null ? one : s.kind().merge().apply(merged, one);
        }
        return values.with(s, merged);
    }
}
