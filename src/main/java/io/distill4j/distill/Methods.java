package io.distill4j.distill;

import io.distill4j.BadInputException;
import io.distill4j.engine.Dims;
import io.distill4j.model.ClassifierShape;
import io.distill4j.model.ConvNetSpec;
import io.distill4j.model.ModelOutput;
import io.distill4j.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed registry of distillation methods a study can compare, with their hyper-parameters
 * and defaults. A relation- or feature-based method {@code X} is added to the label loss;
 * {@code X+kd} adds it to the α/T response loss instead, as the RKD, SP, FitNets and AT papers
 * combine them. Unknown names and parameters are rejected with the list of valid ones.
 */
public final class Methods {
    /** Suffix composing a method with Hinton's response loss. */
    public static final String WITH_KD = "+kd";
    /** Suffix standardizing the logits of a logit-based method ({@link LogitStandardization}). */
    public static final String WITH_LS = "+ls";
    /** The methods {@link #WITH_LS} applies to. */
    private static final List<String> STANDARDIZABLE = List.of("kd", "dkd", "dist");

    /**
     * A registered method.
     *
     * @param name CLI name
     * @param paper where it comes from
     * @param summary what the student learns from
     * @param defaults hyper-parameters and their defaults, in listing order
     * @param composable whether {@code name+kd} is allowed
     */
    public record Method(String name, String paper, String summary, Map<String, Double> defaults, boolean composable) {}

    /**
     * Everything a method needs to build a student's objective.
     *
     * @param student the student (its features and its manager for trainable parts)
     * @param teacher the teacher's features (a live teacher or a stored one's description), {@code null} for {@code ce}
     * @param temperature the study's distillation temperature
     * @param seed seed of any trainable part
     * @param trainImages the number of images in the student's training split (CRD's memory banks)
     * @param trainLabels their classes by index (CRD's negatives), or {@code null} when unlabelled
     */
    public record Context(Network student, ClassifierShape teacher, double temperature, long seed, int trainImages,
            int[] trainLabels) {}

    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    static {
        add(new Method("ce", "—", "labels only (cross-entropy); the baseline, no teacher", Map.of(), false));
        add(new Method("kd", "Hinton, Vinyals & Dean, NIPS DL Workshop 2015",
                "α·CE + (1−α)·T²·KL of softened logits", ordered("alpha", 0.5), false));
        add(new Method("rkd", "Park, Kim, Lu & Cho, CVPR 2019",
                "pairwise distances and triplet angles of penultimate embeddings (smooth-L1)",
                ordered("distance-weight", 25.0, "angle-weight", 50.0), true));
        add(new Method("sp", "Tung & Mori, ICCV 2019",
                "batch similarity matrix of the last convolution block", ordered("weight", 3000.0), true));
        add(new Method("fitnets", "Romero et al., ICLR 2015",
                "hint: last student conv block regressed (1×1 conv) onto the teacher's deepest block of equal size",
                ordered("weight", 100.0), true));
        add(new Method("at", "Zagoruyko & Komodakis, ICLR 2017",
                "spatial attention maps of conv blocks of equal size", ordered("weight", 1000.0), true));
        add(new Method("dkd", "Zhao, Cui, Song, Qiu & Liang, CVPR 2022",
                "target-class and non-target-class KD terms, weighted apart, after a linear warm-up",
                ordered("target-weight", 1.0, "non-target-weight", 8.0, "warmup-epochs", 1.0), false));
        add(new Method("dist", "Huang, You, Wang, Qian & Xu, NeurIPS 2022",
                "Pearson correlation of softened probabilities, per image across classes and per class across the batch",
                ordered("inter-weight", 2.0, "intra-weight", 2.0), false));
        add(new Method("reviewkd", "Chen, Liu, Zhao & Jia, CVPR 2021",
                "stage outputs and embedding fused deepest-first (attention-based fusion), regressed onto the teacher's"
                        + " pre-activation stages by the hierarchical context loss, after a linear warm-up",
                ordered("weight", 1.0, "warmup-epochs", 1.0), false));
        add(new Method("crd", "Tian, Krishnan & Isola, ICLR 2020",
                "contrastive: embeddings projected to unit vectors, each image told apart from K images of other classes"
                        + " kept in momentum memory banks (NCE loss)",
                ordered("weight", 0.8, "dim", 128.0, "negatives", 16384.0, "temperature", 0.07, "momentum", 0.5), true));
        add(new Method("ls", "Sun, Ren, Li, Wang & Cao, CVPR 2024",
                "modifier kd+ls, dkd+ls, dist+ls: the method's logit term on per-image z-scored logits at temperature"
                        + " ls.temperature; kd+ls weighs CE and KD by ls.ce-weight and ls.kd-weight",
                ordered("temperature", 2.0, "ce-weight", 0.1, "kd-weight", 9.0), false));
    }

    private Methods() {}

    private static void add(Method m) {
        METHODS.put(m.name(), m);
    }

    private static Map<String, Double> ordered(Object... keyValues) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (Double) keyValues[i + 1]);
        }
        return map;
    }

    /** @return every registered method, in listing order */
    public static List<Method> all() {
        return List.copyOf(METHODS.values());
    }

    /**
     * @param name a method name, possibly with {@code +kd}
     * @return the registered base method
     * @throws BadInputException naming the valid methods
     */
    public static Method get(String name) {
        String standardized = name.endsWith(WITH_LS) ? strip(name, WITH_LS) : "";
        if (STANDARDIZABLE.contains(standardized)) {
            return METHODS.get(standardized);
        }
        if (name.equals("ls")) {
            throw new BadInputException("method ls standardizes the logits of another method: give kd+ls, dkd+ls or dist+ls");
        }
        String base = name.endsWith(WITH_KD) ? strip(name, WITH_KD) : name;
        Method m = METHODS.get(base);
        if (m == null || (name.endsWith(WITH_KD) && !m.composable())) {
            throw new BadInputException("unknown method '" + name + "': valid methods are "
                    + String.join(", ", METHODS.keySet().stream().filter(n -> !n.equals("ls")).toList())
                    + ", and rkd+kd, sp+kd, fitnets+kd, at+kd, crd+kd, kd+ls, dkd+ls, dist+ls");
        }
        return m;
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    /**
     * Checks method names and hyper-parameter overrides.
     *
     * @param methods method names; each at most once
     * @param params overrides keyed {@code method.parameter}, values finite and non-negative
     * @throws BadInputException naming the bad entry and the valid ones
     */
    public static void validate(List<String> methods, Map<String, Double> params) {
        if (methods.size() != methods.stream().distinct().count()) {
            throw new BadInputException("--methods " + methods + " repeats a method: give each once");
        }
        methods.forEach(Methods::get);
        params.forEach((key, value) -> {
            int dot = key.indexOf('.');
            Method m = dot > 0 ? METHODS.get(key.substring(0, dot)) : null;
            if (m == null || !m.defaults().containsKey(key.substring(dot + 1))) {
                List<String> valid = new ArrayList<>();
                METHODS.values().forEach(x -> x.defaults().keySet().forEach(p -> valid.add(x.name() + "." + p)));
                throw new BadInputException("unknown method parameter '" + key + "': valid ones are " + String.join(", ", valid));
            }
            if (value == null || !Double.isFinite(value) || value < 0) {
                throw new BadInputException("method parameter " + key + "=" + value + " must be a finite number ≥ 0");
            }
        });
        Double alpha = params.get("kd.alpha");
        if (alpha != null && alpha > 1) {
            throw new BadInputException("kd.alpha " + alpha + " is outside [0, 1]: use e.g. 0.5");
        }
    }

    /**
     * @param name method name, possibly with {@code +kd}
     * @param params overrides keyed {@code method.parameter}
     * @return the weight of the label loss in this method's objective (1 without a response term)
     */
    public static double alpha(String name, Map<String, Double> params) {
        if (name.equals("kd+ls")) {
            return param(METHODS.get("ls"), "ce-weight", params);
        }
        return name.equals("kd") || name.endsWith(WITH_KD) ? param(get("kd"), "alpha", params) : 1;
    }

    /**
     * Builds a student's objective, checking that the models have the features it needs.
     *
     * @param name method name, possibly with {@code +kd}
     * @param params overrides keyed {@code method.parameter}
     * @param ctx the models and settings
     * @return the objective
     * @throws BadInputException if a model lacks a needed feature
     */
    public static Objective create(String name, Map<String, Double> params, Context ctx) {
        Method m = get(name);
        if (name.endsWith(WITH_LS)) {
            return standardized(m, params);
        }
        double alpha = alpha(name, params);
        Objective base = name.endsWith(WITH_KD) || m.name().equals("kd")
                ? ResponseKd.of(alpha, ctx.temperature()) : CrossEntropy.INSTANCE;
        Composite.Term extra = switch (m.name()) {
            case "ce", "kd" -> null;
            case "rkd" -> {
                ModelOutput.require(ctx.student(), ConvNetSpec.EMBEDDING, name);
                ModelOutput.require(ctx.teacher(), ConvNetSpec.EMBEDDING, name);
                yield new Composite.Term(1, new Rkd(param(m, "distance-weight", params), param(m, "angle-weight", params),
                        ConvNetSpec.EMBEDDING, ConvNetSpec.EMBEDDING));
            }
            case "sp" -> new Composite.Term(param(m, "weight", params),
                    new SimilarityPreserving(lastConv(ctx.student(), name), lastConv(ctx.teacher(), name)));
            case "fitnets" -> {
                String guided = lastConv(ctx.student(), name);
                String hint = deepestOfSize(ctx.teacher(), ctx.student().featureShapes().get(guided), name);
                yield new Composite.Term(param(m, "weight", params), new FitNets(guided, ctx.student().featureShapes().get(guided),
                        hint, ctx.teacher().featureShapes().get(hint), ctx.student().device(), ctx.seed()));
            }
            case "at" -> new Composite.Term(param(m, "weight", params), new AttentionTransfer(attentionPairs(ctx, name)));
            case "dist" -> new Composite.Term(1, new Dist(param(m, "inter-weight", params), param(m, "intra-weight", params),
                    ctx.temperature()));
            case "reviewkd" -> new Composite.Term(1, reviewKd(ctx, m, params, name));
            case "crd" -> new Composite.Term(param(m, "weight", params), crd(ctx, m, params, name));
            case "dkd" -> new Composite.Term(1, new Dkd(param(m, "target-weight", params),
                    param(m, "non-target-weight", params), ctx.temperature(), param(m, "warmup-epochs", params)));
            default -> throw new IllegalStateException(m.name());
        };
        return extra == null ? base : new Composite(List.of(new Composite.Term(1, base), extra));
    }

    /** {@code X+ls}: the label loss plus the method's logit term on z-scored logits, at ls.temperature. */
    private static Objective standardized(Method m, Map<String, Double> params) {
        Method ls = METHODS.get("ls");
        double temperature = param(ls, "temperature", params);
        if (!(temperature > 0)) {
            throw new BadInputException("ls.temperature must be positive, got " + temperature);
        }
        Objective term = switch (m.name()) {
            case "kd" -> ResponseKd.of(0, temperature);
            case "dkd" -> new Dkd(param(m, "target-weight", params), param(m, "non-target-weight", params), temperature,
                    param(m, "warmup-epochs", params));
            case "dist" -> new Dist(param(m, "inter-weight", params), param(m, "intra-weight", params), temperature);
            default -> throw new IllegalStateException(m.name());
        };
        boolean kd = m.name().equals("kd");
        return new Composite(List.of(new Composite.Term(kd ? param(ls, "ce-weight", params) : 1, CrossEntropy.INSTANCE),
                new Composite.Term(kd ? param(ls, "kd-weight", params) : 1, new LogitStandardization(term))));
    }

    private static double param(Method m, String key, Map<String, Double> params) {
        return params.getOrDefault(m.name() + "." + key, m.defaults().get(key));
    }

    private static List<String> convFeatures(ClassifierShape net) {
        return net.featureShapes().entrySet().stream().filter(f -> f.getValue().dimension() == 3)
                .map(Map.Entry::getKey).filter(name -> !name.endsWith(ConvNetSpec.PREACT)).toList();
    }

    /**
     * ReviewKD's levels: the student's feature maps after the stem and its embedding, paired from the
     * deepest with as many of the teacher's (each its pre-activation twin where it names one).
     */
    private static ReviewKd reviewKd(Context ctx, Method m, Map<String, Double> params, String method) {
        ModelOutput.require(ctx.student(), ConvNetSpec.EMBEDDING, method);
        ModelOutput.require(ctx.teacher(), ConvNetSpec.EMBEDDING, method);
        List<String> s = new ArrayList<>(convFeatures(ctx.student()).stream().filter(f -> !f.equals("stem")).toList());
        List<String> t = new ArrayList<>(convFeatures(ctx.teacher()).stream().filter(f -> !f.equals("stem")).toList());
        int k = Math.min(s.size(), t.size());
        if (k == 0) {
            throw new BadInputException("method " + method + " needs feature maps beyond the stem in both models, but "
                    + ctx.student().architecture() + " has " + ctx.student().featureShapes() + " and "
                    + ctx.teacher().architecture() + " has " + ctx.teacher().featureShapes() + ": choose another method or model");
        }
        s = new ArrayList<>(s.subList(s.size() - k, s.size()));
        t = new ArrayList<>(t.subList(t.size() - k, t.size()).stream()
                .map(f -> ctx.teacher().featureShapes().containsKey(f + ConvNetSpec.PREACT) ? f + ConvNetSpec.PREACT : f)
                .toList());
        s.add(ConvNetSpec.EMBEDDING);
        t.add(ConvNetSpec.EMBEDDING);
        return new ReviewKd(s, s.stream().map(f -> ctx.student().featureShapes().get(f)).toList(), t,
                t.stream().map(f -> ctx.teacher().featureShapes().get(f)).toList(), param(m, "weight", params),
                param(m, "warmup-epochs", params), ctx.student().device(), ctx.seed());
    }

    /** CRD on the two embeddings, its banks one row per training image. */
    private static Crd crd(Context ctx, Method m, Map<String, Double> params, String method) {
        ModelOutput.require(ctx.student(), ConvNetSpec.EMBEDDING, method);
        ModelOutput.require(ctx.teacher(), ConvNetSpec.EMBEDDING, method);
        Crd.Settings settings;
        try {
            settings = new Crd.Settings(whole(m, "dim", params), Math.toIntExact(whole(m, "negatives", params)),
                    param(m, "temperature", params), param(m, "momentum", params));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BadInputException(method + ": " + e.getMessage() + ": use e.g. crd.dim=128, crd.negatives=16384,"
                    + " crd.temperature=0.07, crd.momentum=0.5");
        }
        return new Crd(ctx.student().featureShapes().get(ConvNetSpec.EMBEDDING).get(0),
                ctx.teacher().featureShapes().get(ConvNetSpec.EMBEDDING).get(0), ctx.trainLabels(), ctx.trainImages(),
                settings, ctx.student().device(), ctx.seed());
    }

    /** A parameter that counts something: a whole number. */
    private static long whole(Method m, String key, Map<String, Double> params) {
        double v = param(m, key, params);
        if (v != Math.rint(v)) {
            throw new BadInputException(m.name() + "." + key + "=" + v + " must be a whole number, e.g. "
                    + m.defaults().get(key).longValue());
        }
        return (long) v;
    }

    private static String lastConv(ClassifierShape net, String method) {
        List<String> convs = convFeatures(net);
        if (convs.isEmpty()) {
            throw new BadInputException("method " + method + " needs a convolution block but model "
                    + net.architecture() + " has none: choose another method or model");
        }
        return convs.get(convs.size() - 1);
    }

    /** The teacher's deepest convolution block whose height and width equal {@code like}'s. */
    private static String deepestOfSize(ClassifierShape teacher, Dims like, String method) {
        String found = null;
        for (String f : convFeatures(teacher)) {
            Dims s = teacher.featureShapes().get(f);
            if (s.get(1) == like.get(1) && s.get(2) == like.get(2)) {
                found = f;
            }
        }
        if (found == null) {
            throw new BadInputException("method " + method + " needs a teacher feature map of " + like.get(1) + "×"
                    + like.get(2) + " but " + teacher.architecture() + " has " + teacher.featureShapes()
                    + ": choose another method or a teacher with blocks of that size");
        }
        return found;
    }

    private static List<AttentionTransfer.Pair> attentionPairs(Context ctx, String method) {
        List<AttentionTransfer.Pair> pairs = new ArrayList<>();
        for (String f : convFeatures(ctx.student())) {
            Dims s = ctx.student().featureShapes().get(f);
            convFeatures(ctx.teacher()).stream()
                    .filter(t -> ctx.teacher().featureShapes().get(t).get(1) == s.get(1)
                            && ctx.teacher().featureShapes().get(t).get(2) == s.get(2))
                    .reduce((a, b) -> b)
                    .ifPresent(t -> pairs.add(new AttentionTransfer.Pair(f, t)));
        }
        if (pairs.isEmpty()) {
            throw new BadInputException("method " + method + " needs student and teacher blocks of equal height and width, "
                    + "but " + ctx.student().architecture() + " and " + ctx.teacher().architecture() + " share none");
        }
        return pairs;
    }
}
