package io.distill4j.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values of some study settings, immutable. Layers combine with {@link #over}: preset defaults,
 * then a {@code --config} file, then the flags.
 */
public final class SettingValues {
    private static final SettingValues EMPTY = new SettingValues(Map.of());

    private final Map<Setting<?>, Object> values;

    private SettingValues(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    /** @return no settings */
    public static SettingValues empty() {
        return EMPTY;
    }

    /**
     * @param setting a setting
     * @param value its value, or {@code null} to leave it unset
     * @return these settings with that one set
     */
    public <T> SettingValues with(Setting<T> setting, T value) {
        return withValue(setting, value);
    }

    /** {@link #with} for a value of the setting's kind that the caller holds untyped. */
    SettingValues withValue(Setting<?> setting, Object value) {
        Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
        if (value == null) {
            copy.remove(setting);
        } else {
            copy.put(setting, value);
        }
        return new SettingValues(Collections.unmodifiableMap(copy));
    }

    /**
     * @param lower settings to fall back on
     * @return these settings, with every unset one taken from {@code lower}
     */
    public SettingValues over(SettingValues lower) {
        Map<Setting<?>, Object> merged = new LinkedHashMap<>(lower.values);
        merged.putAll(values);
        return new SettingValues(Collections.unmodifiableMap(merged));
    }

    /**
     * @param setting a setting
     * @return its value, or {@code null} if unset
     */
    public <T> T get(Setting<T> setting) {
        return setting.cast(values.get(setting));
    }

    /** @return whether the setting has a value */
    public boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        values.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k.name()).append('=').append(v));
        return s.append('}').toString();
    }
}
