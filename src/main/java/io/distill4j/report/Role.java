package io.distill4j.report;

import io.distill4j.BadInputException;
import io.distill4j.eval.ModelResult;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a model is in a study, as {@code results.json} records it: the one way the report tells
 * teachers from students. Never a name: merging runs prefixes names with the run
 * ({@code run-a/student-a1}) and {@code --seeds} suffixes them ({@code student-a1-s2}).
 */
public enum Role {
    /** The large network the students learn from. */
    TEACHER,
    /** A small network, trained on labels alone or distilled. */
    STUDENT;

    /** @return the role as {@code results.json} writes it: {@code teacher}, {@code student} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param m a model of {@code results.json}
     * @return its recorded role; for a file without roles, a model with neither a method nor an α
     *     is the teacher (every student has one of the two) and any other a student
     * @throws BadInputException if the recorded role is neither {@code teacher} nor {@code student}
     */
    public static Role of(ModelResult m) {
        if (m.role() == null) {
            return m.method() == null && m.alpha() == null ? TEACHER : STUDENT;
        }
        for (Role r : values()) {
            if (r.id().equals(m.role())) {
                return r;
            }
        }
        throw new BadInputException("model '" + m.name() + "' has the role '" + m.role()
                + "': a role is teacher or student; correct it in " + ResultsWriter.JSON_FILE);
    }

    /**
     * @param m a model
     * @return whether it has this role
     */
    public boolean is(ModelResult m) {
        return of(m) == this;
    }

    /**
     * @param models models of one run
     * @return the names of those with this role
     */
    public Set<String> names(Collection<ModelResult> models) {
        return models.stream().filter(this::is).map(ModelResult::name).collect(Collectors.toUnmodifiableSet());
    }
}
