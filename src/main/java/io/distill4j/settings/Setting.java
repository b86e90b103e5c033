package io.distill4j.settings;

import io.distill4j.BadInputException;
import io.distill4j.Range;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One study setting, described once: the command-line flag ({@code --name}), the {@code --config}
 * file key ({@code name}) and the {@code config.json} key ({@code name} in snake_case unless given)
 * all follow from it, and so do its help text, its default under each preset and its check.
 *
 * @param name the flag without dashes, e.g. {@code teacher-epochs}
 * @param kind the value's type and spellings
 * @param label the value's placeholder in the help, e.g. {@code N}
 * @param help what it sets, one sentence
 * @param defaults its value where none is given
 * @param check throws {@link BadInputException} for an invalid value
 * @param jsonKey its key in {@code config.json}
 * @param <T> the value type
 */
public record Setting<T>(String name, Kind<T> kind, String label, String help, Default<T> defaults, Check<T> check,
        String jsonKey) {

    /**
     * A setting's value where none is given.
     *
     * @param value of the preset in effect and the settings given
     * @param text how the help states it, e.g. {@code 20 (quick 3)}
     * @param <T> the value type
     */
    public record Default<T>(BiFunction<Preset, SettingValues, T> value, String text) {
        /** @return one value under every preset */
        public static <T> Default<T> fixed(T value) {
            return new Default<>((p, given) -> value, show(value));
        }

        /** @return a value for each preset */
        public static <T> Default<T> perPreset(T standard, T quick, T paper) {
            StringBuilder text = new StringBuilder(show(standard));
            if (!quick.equals(standard)) {
                text.append(", quick ").append(show(quick));
            }
            if (!paper.equals(standard)) {
                text.append(", paper ").append(show(paper));
            }
            return new Default<>((p, given) -> p.pick(standard, quick, paper), text.toString());
        }

        private static String show(Object value) {
            if (value instanceof List<?> list) {
                return list.isEmpty() ? "none" : String.join(",", list.stream().map(Default::show).toList());
            }
            if (value instanceof Map<?, ?> map && map.isEmpty()) {
                return "none";
            }
            if (value instanceof Double d && Double.isFinite(d)) {
                return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        }

        /**
         * @return the value under the standard preset with nothing given: the example in messages, and
         *     the Java API's default
         */
        public T example() {
            return value.apply(Preset.STANDARD, SettingValues.empty());
        }
    }

    /**
     * Validates one value.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Check<T> {
        /**
         * @param setting the setting, for the message
         * @param value its value, never {@code null}
         * @throws BadInputException naming the setting, the problem and the fix
         */
        void check(Setting<T> setting, T value);

        /** @return a check that accepts everything */
        static <T> Check<T> none() {
            return (s, v) -> { };
        }

        /** @return a check of a number against an interval; the message suggests the standard default */
        static <T extends Number> Check<T> within(Range range) {
            return (s, v) -> range.check(s.flag(), v, Default.show(s.defaults().example()));
        }

        /** @return a check that the value is one of a closed set */
        static Check<String> oneOf(String noun, List<String> valid) {
            return (s, v) -> {
                if (!valid.contains(v)) {
                    throw new BadInputException("unknown " + noun + " '" + v + "': valid " + noun + "s are "
                            + String.join(", ", valid));
                }
            };
        }

        /** @return a check by a validator that throws its own message */
        static <T> Check<T> by(Consumer<T> validator) {
            return (s, v) -> validator.accept(v);
        }
    }

    /**
     * A setting whose {@code config.json} key is its name in snake_case.
     *
     * @return the setting
     */
    public static <T> Setting<T> of(String name, Kind<T> kind, String label, String help, Default<T> defaults,
            Check<T> check) {
        return new Setting<>(name, kind, label, help, defaults, check, name.replace('-', '_'));
    }

    /** @return the same setting stored under another {@code config.json} key */
    public Setting<T> storedAs(String key) {
        return new Setting<>(name, kind, label, help, defaults, check, key);
    }

    /** @return the command-line flag, e.g. {@code --teacher-epochs} */
    public String flag() {
        return "--" + name;
    }

    /** @return the help line with its default */
    public String description() {
        return help + " Default: " + defaults.text() + ".";
    }

    /**
     * @param value a value of this setting, or {@code null} for none
     * @throws BadInputException if it is invalid
     */
    void validate(Object value) {
        if (value != null) {
            check.check(this, cast(value));
        }
    }

    /**
     * @param value a value produced by this setting's kind
     * @return it, typed
     */
    @SuppressWarnings("unchecked")
    public T cast(Object value) {
        return (T) value;
    }
}
