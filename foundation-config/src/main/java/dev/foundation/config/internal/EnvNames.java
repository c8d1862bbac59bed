package dev.foundation.config.internal;

import dev.foundation.config.Origin;
import dev.foundation.config.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment-variable mapping. A variable is {@code PREFIX_} followed by the key path in upper snake
 * case: {@code APP_POOL_SIZE -> app.poolSize}. The path is matched against the record's schema, so the
 * underscore that separates path segments and the one inside a camel-case name are told apart:
 * <ul>
 *   <li>a record component matches its name in upper snake case ({@code poolSize} = {@code POOL_SIZE},
 *       {@code baseURL} = {@code BASE_URL});</li>
 *   <li>a list or set element is a decimal index ({@code APP_ENDPOINTS_0_URL}); a list or set of scalars may
 *       also be given whole, comma-separated ({@code APP_TAGS=a,b,c});</li>
 *   <li>a map key is the shortest run of segments after which the rest matches the value type, lowercased
 *       ({@code APP_LIMITS_ORDERS=5 -> app.limits.orders}, {@code APP_DBS_ORDERS_DB_URL ->
 *       app.dbs.orders_db.url} when the value record has {@code url});</li>
 *   <li>an {@code Optional} is transparent.</li>
 * </ul>
 * A variable that starts with the prefix but matches no key is an unknown key.
 */
public final class EnvNames {

    private EnvNames() {
    }

    /**
     * Converts a camel-case or kebab-case name to upper snake case.
     *
     * @param name e.g. {@code poolSize}
     * @return e.g. {@code POOL_SIZE}
     */
    public static String upperSnake(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '.' || c == '_') {
                b.append('_');
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char prev = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || Character.isUpperCase(prev) && nextLower) {
                    b.append('_');
                }
            }
            b.append(Character.toUpperCase(c));
        }
        return b.toString();
    }

    /**
     * The environment prefix for a key prefix: {@code app.server} gives {@code APP_SERVER_}.
     *
     * @param prefix the key prefix, not empty
     * @return the variable prefix
     */
    public static String envPrefix(String prefix) {
        StringBuilder b = new StringBuilder();
        for (String seg : prefix.split("\\.")) {
            b.append(upperSnake(seg)).append('_');
        }
        return b.toString();
    }

    /** Result of mapping the environment. */
    public static final class Mapped {
        /** The tree of recognised variables (rooted at the record, under the prefix), or null. */
        public final Node.Mapping tree;
        /** Unknown-variable violations. */
        public final List<Violation> unknown;

        Mapped(Node.Mapping tree, List<Violation> unknown) {
            this.tree = tree;
            this.unknown = unknown;
        }
    }

    /**
     * Maps the variables that start with the prefix onto the schema.
     *
     * @param env    the environment
     * @param prefix the key prefix
     * @param root   the root record type
     * @return the tree and the unknown variables
     */
    public static Mapped map(Map<String, String> env, String prefix, ConfigType root) {
        String envPrefix = envPrefix(prefix);
        Trees.FlatBuilder builder = new Trees.FlatBuilder("environment");
        List<Violation> unknown = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(envPrefix) || name.length() == envPrefix.length()) {
                continue;
            }
            List<String> tokens = Arrays.asList(name.substring(envPrefix.length()).split("_", -1));
            List<String> path = match(root, tokens, 0);
            Origin origin = Origin.environment(name);
            if (path == null || path.isEmpty()) {
                String suggestion = Suggestions.closest(name, allNames(root, envPrefix));
                unknown.add(new Violation(prefix + "." + name.substring(envPrefix.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.'), null, "environment variable " + name + " matches no key under '"
                        + prefix + "'" + (suggestion == null ? "" : "; did you mean " + suggestion + "?"), origin));
                continue;
            }
            builder.put(path, new Node.Scalar(e.getValue(), origin), name, 0);
            count++;
        }
        return new Mapped(count == 0 ? null : builder.build(Origin.environment(envPrefix + "*")), unknown);
    }

    private static List<String> match(ConfigType type, List<String> tokens, int i) {
        int n = tokens.size();
        switch (type.kind()) {
            case RECORD: {
                List<ConfigType.Property> props = new ArrayList<>(type.properties());
                props.sort((a, b) -> Integer.compare(upperSnake(b.name()).length(), upperSnake(a.name()).length()));
                for (ConfigType.Property p : props) {
                    String[] want = upperSnake(p.name()).split("_");
                    if (i + want.length > n) {
                        continue;
                    }
                    boolean ok = true;
                    for (int k = 0; k < want.length; k++) {
                        if (!want[k].equals(tokens.get(i + k))) {
                            ok = false;
                            break;
                        }
                    }
                    if (!ok) {
                        continue;
                    }
                    List<String> rest = match(p.type(), tokens, i + want.length);
                    if (rest != null) {
                        List<String> out = new ArrayList<>();
                        out.add(p.name());
                        out.addAll(rest);
                        return out;
                    }
                }
                return null;
            }
            case LIST:
            case SET: {
                if (i == n) {
                    return type.element().kind() == ConfigType.Kind.SCALAR ? new ArrayList<>() : null;
                }
                if (!Trees.isIndex(tokens.get(i))) {
                    return null;
                }
                List<String> rest = match(type.element(), tokens, i + 1);
                if (rest == null) {
                    return null;
                }
                List<String> out = new ArrayList<>();
                out.add(Integer.toString(Integer.parseInt(tokens.get(i))));
                out.addAll(rest);
                return out;
            }
            case MAP: {
                for (int j = i + 1; j <= n; j++) {
                    List<String> rest = match(type.element(), tokens, j);
                    if (rest != null) {
                        List<String> out = new ArrayList<>();
                        out.add(String.join("_", tokens.subList(i, j)).toLowerCase(Locale.ROOT));
                        out.addAll(rest);
                        return out;
                    }
                }
                return null;
            }
            case OPTIONAL:
                return match(type.element(), tokens, i);
            default:
                return i == n ? new ArrayList<>() : null;
        }
    }

    /**
     * Every variable name that maps to a key reached through records (lists and maps shown with {@code <n>}
     * and {@code <KEY>} placeholders).
     *
     * @param root      the root record
     * @param envPrefix the variable prefix
     * @return names in schema order
     */
    public static List<String> allNames(ConfigType root, String envPrefix) {
        List<String> out = new ArrayList<>();
        collect(root, envPrefix.substring(0, envPrefix.length() - 1), out);
        return out;
    }

    private static void collect(ConfigType t, String name, List<String> out) {
        switch (t.kind()) {
            case RECORD:
                for (ConfigType.Property p : t.properties()) {
                    collect(p.type(), name + "_" + upperSnake(p.name()), out);
                }
                break;
            case OPTIONAL:
                collect(t.element(), name, out);
                break;
            case LIST:
            case SET:
                if (t.element().kind() == ConfigType.Kind.SCALAR) {
                    out.add(name);
                }
                collect(t.element(), name + "_<n>", out);
                break;
            case MAP:
                collect(t.element(), name + "_<KEY>", out);
                break;
            default:
                out.add(name);
        }
    }

    /**
     * The variable name for one schema key (used in the generated docs).
     *
     * @param envPrefix the variable prefix
     * @param segments  the key segments after the prefix, with {@code <n>} and {@code <key>} placeholders
     * @return the variable name
     */
    public static String nameOf(String envPrefix, List<String> segments) {
        StringBuilder b = new StringBuilder(envPrefix.substring(0, envPrefix.length() - 1));
        for (String s : segments) {
            b.append('_').append(s.startsWith("<") ? s.toUpperCase(Locale.ROOT) : upperSnake(s));
        }
        return b.toString();
    }
}
