package dev.foundation.config.internal;

import dev.foundation.config.ConfigFileTooLargeException;
import dev.foundation.config.ConfigSourceException;
import dev.foundation.config.EmptyConfigFileException;
import dev.foundation.config.Origin;
import dev.foundation.config.Secret;
import dev.foundation.config.Violation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** The layered sources of one configuration: reading them raw (for the change hash) and into one tree. */
public final class Sources {

    /** File formats, chosen by extension. */
    public enum Format { YAML, JSON, PROPERTIES }

    /**
     * One file source.
     *
     * @param path     the file
     * @param optional whether a missing file is an empty layer rather than an error
     * @param format   its format
     */
    public record FileSpec(Path path, boolean optional, Format format) {
        /**
         * Chooses the format from the extension.
         *
         * @param path     the file
         * @param optional whether it may be missing
         * @return the spec
         * @throws IllegalArgumentException for an unknown extension
         */
        public static FileSpec of(Path path, boolean optional) {
            String name = String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT);
            Format f;
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                f = Format.YAML;
            } else if (name.endsWith(".json")) {
                f = Format.JSON;
            } else if (name.endsWith(".properties")) {
                f = Format.PROPERTIES;
            } else {
                throw new IllegalArgumentException("file must end in .yml, .yaml, .json or .properties but was " + path);
            }
            return new FileSpec(path, optional, f);
        }
    }

    /** The raw content of every source at one moment, and its hash. */
    public static final class Raw {
        final List<byte[]> files;
        final Map<String, String> env;
        final Map<String, String> sys;
        /** SHA-256 over everything read. */
        public final String hash;

        Raw(List<byte[]> files, Map<String, String> env, Map<String, String> sys, String hash) {
            this.files = files;
            this.env = env;
            this.sys = sys;
            this.hash = hash;
        }
    }

    /**
     * The merged tree and problems found while mapping sources.
     *
     * @param root   the subtree under the prefix, or null when no source gives anything
     * @param errors unknown environment variables, a prefix that is not a section
     */
    public record Parsed(Node root, List<Violation> errors) {
    }

    private final String prefix;
    private final List<String> prefixSegments;
    private final List<FileSpec> files;
    private final Supplier<Map<String, String>> env;
    private final Supplier<Map<String, String>> sys;
    private final Map<String, Object> overrides;
    private final Limits limits;
    private final ConfigType type;
    private final StructuredParser structured;
    private final PropertiesParser properties;

    /**
     * Creates the sources.
     *
     * @param type      the root record type
     * @param prefix    the key prefix ("" for none)
     * @param files     files, lowest precedence first
     * @param env       the environment, or null when not used
     * @param sys       the system properties, or null when not used
     * @param overrides programmatic overrides by full key
     * @param limits    parsing limits
     */
    public Sources(ConfigType type, String prefix, List<FileSpec> files, Supplier<Map<String, String>> env,
            Supplier<Map<String, String>> sys, Map<String, Object> overrides, Limits limits) {
        this.type = type;
        this.prefix = prefix;
        this.prefixSegments = prefix.isEmpty() ? List.of() : List.of(prefix.split("\\."));
        this.files = List.copyOf(files);
        this.env = env;
        this.sys = sys;
        this.overrides = new LinkedHashMap<>(overrides);
        this.limits = limits;
        this.structured = new StructuredParser(limits);
        this.properties = new PropertiesParser(limits);
    }

    /** @return the file specs, lowest precedence first */
    public List<FileSpec> files() {
        return files;
    }

    /**
     * Reads every source's raw content.
     *
     * @return the raw content and its hash
     * @throws ConfigSourceException when a required file is missing, unreadable or too large
     */
    public Raw read() {
        MessageDigest digest = sha256();
        List<byte[]> contents = new ArrayList<>();
        for (FileSpec f : files) {
            byte[] bytes = readFile(f);
            contents.add(bytes);
            digest.update(f.path().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(bytes == null ? new byte[] {0} : bytes);
            digest.update((byte) 0xff);
        }
        Map<String, String> e = env == null ? Map.of() : new TreeMap<>(env.get());
        Map<String, String> s = sys == null ? Map.of() : new TreeMap<>(sys.get());
        if (!e.isEmpty()) {
            String envPrefix = prefix.isEmpty() ? "" : EnvNames.envPrefix(prefix);
            e.forEach((k, v) -> {
                if (k.startsWith(envPrefix)) {
                    digest.update((k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        digest.update((byte) 0xfe);
        s.forEach((k, v) -> {
            if (underPrefix(k)) {
                digest.update((k + "=" + v + "\0").getBytes(StandardCharsets.UTF_8));
            }
        });
        return new Raw(contents, e, s, java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /** Provider lookup is costly; a cloned prototype is not. */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("SHA-256 is not available", impossible);
            }
        }
    }

    private boolean underPrefix(String key) {
        return key.equals(prefix) || key.startsWith(prefix + ".") || key.startsWith(prefix + "[");
    }

    private byte[] readFile(FileSpec f) {
        Path p = f.path();
        String source = p.toString();
        long max = limits.maxFileSize();
        try (SeekableByteChannel ch = Files.newByteChannel(p)) {
            long size = ch.size();
            if (size > max) {
                throw new ConfigFileTooLargeException(source, size, max); // not read at all
            }
            // The common case in one read into an array of the file's size (no growing buffer to zero and copy).
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // reads until full or end of file (a file that shrank meanwhile)
            }
            ByteBuffer probe = ByteBuffer.allocate(1);
            if (ch.read(probe) <= 0) {
                return buf.hasRemaining() ? Arrays.copyOf(buf.array(), buf.position()) : buf.array();
            }
            // The file grew while being read, or reports no size (a pipe, a procfs file): read on as a stream, up
            // to one byte over the limit.
            int read = buf.position();
            byte[] rest = Channels.newInputStream(ch).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max - read));
            long total = read + 1L + rest.length;
            if (total > max) {
                throw new ConfigFileTooLargeException(source, total, max);
            }
            byte[] bytes = new byte[(int) total];
            System.arraycopy(buf.array(), 0, bytes, 0, read);
            bytes[read] = probe.get(0);
            System.arraycopy(rest, 0, bytes, read + 1, rest.length);
            return bytes;
        } catch (NoSuchFileException e) {
            if (f.optional()) {
                return null;
            }
            throw new ConfigSourceException(source, source + ": file not found; create it or declare it with "
                    + "optionalFile(...)", e);
        } catch (IOException e) {
            throw new ConfigSourceException(source, source + ": cannot read the file: " + e, e);
        }
    }

    /**
     * Parses raw content into one tree, in precedence order.
     *
     * @param raw what {@link #read()} returned
     * @return the subtree under the prefix and mapping problems
     * @throws ConfigSourceException (a subclass) when a file is malformed, empty or hostile
     */
    public Parsed parse(Raw raw) {
        Node root = null;
        List<Violation> errors = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] bytes = raw.files.get(i);
            if (bytes == null) {
                continue;
            }
            FileSpec f = files.get(i);
            String text = decode(f.path(), bytes);
            Node.Mapping tree;
            if (f.format() == Format.PROPERTIES) {
                tree = properties.parse(f.path(), text);
            } else {
                tree = structured.parse(f.path(), text, f.format() == Format.YAML);
            }
            if (tree == null) {
                throw new EmptyConfigFileException(f.path().toString());
            }
            root = Trees.merge(root, tree);
        }
        if (env != null && !prefix.isEmpty()) {
            EnvNames.Mapped mapped = EnvNames.map(raw.env, prefix, type);
            errors.addAll(mapped.unknown);
            root = Trees.merge(root, wrap(mapped.tree));
        }
        if (sys != null && !prefix.isEmpty()) {
            Trees.FlatBuilder b = new Trees.FlatBuilder("system properties");
            int n = 0;
            for (Map.Entry<String, String> e : raw.sys.entrySet()) {
                if (!underPrefix(e.getKey())) {
                    continue;
                }
                List<String> segs = Trees.segments(e.getKey());
                if (segs == null) {
                    errors.add(new Violation(e.getKey(), null, "malformed key", Origin.systemProperty(e.getKey())));
                    continue;
                }
                b.put(segs, new Node.Scalar(e.getValue(), Origin.systemProperty(e.getKey())), e.getKey(), 0);
                n++;
            }
            if (n > 0) {
                root = Trees.merge(root, b.build(Origin.systemProperty(prefix + ".*")));
            }
        }
        if (!overrides.isEmpty()) {
            Trees.FlatBuilder b = new Trees.FlatBuilder("overrides");
            for (Map.Entry<String, Object> e : overrides.entrySet()) {
                b.put(Trees.segments(e.getKey()), toNode(e.getValue(), Origin.override(e.getKey())), e.getKey(), 0);
            }
            root = Trees.merge(root, b.build(Origin.override("*")));
        }
        Node sub = root;
        for (int i = 0; i < prefixSegments.size() && sub != null; i++) {
            if (!(sub instanceof Node.Mapping)) {
                errors.add(new Violation(String.join(".", prefixSegments.subList(0, i)), null,
                        "expected a section containing '" + prefixSegments.get(i) + "'", sub.origin()));
                sub = null;
                break;
            }
            Map<String, Node> entries = ((Node.Mapping) sub).entries();
            String segment = prefixSegments.get(i);
            sub = entries.get(segment);
            if (sub == null) {
                nearPrefix(entries, i, errors);
            }
        }
        return new Parsed(sub, errors);
    }

    /**
     * The prefix's section is missing at level {@code level}: a key there that is a likely typo of it
     * ({@code sever:} for {@code server}) would otherwise leave every value at its default without a word.
     * Only while the section is missing: beside a present section, a similar key may be another
     * configuration's section ({@code servers} beside {@code server}).
     */
    private void nearPrefix(Map<String, Node> entries, int level, List<Violation> errors) {
        String segment = prefixSegments.get(level);
        String parent = String.join(".", prefixSegments.subList(0, level));
        for (Map.Entry<String, Node> e : new TreeMap<>(entries).entrySet()) {
            if (Suggestions.closest(e.getKey(), List.of(segment)) != null) {
                errors.add(new Violation(parent.isEmpty() ? e.getKey() : parent + "." + e.getKey(), null,
                        "unknown key; did you mean '" + segment + "'? (no '" + String.join(".", prefixSegments)
                                + "' section was found, so every value would be its default)", e.getValue().origin()));
            }
        }
    }

    private Node wrap(Node tree) {
        if (tree == null) {
            return null;
        }
        Node n = tree;
        for (int i = prefixSegments.size() - 1; i >= 0; i--) {
            n = Node.Mapping.of(Map.of(prefixSegments.get(i), n), tree.origin());
        }
        return n;
    }

    /**
     * Decodes a file's bytes as UTF-8.
     *
     * @param file  the file, for the error
     * @param bytes its content
     * @return the text
     * @throws dev.foundation.config.ConfigParseException naming the line and column of the first byte that is
     *         not valid UTF-8
     */
    static String decode(Path file, byte[] bytes) {
        // The JDK's own UTF-8 decoding (with its intrinsics) replaces malformed input with U+FFFD: without one in
        // the result the bytes were valid. Only a file with a U+FFFD, given or substituted, is decoded again strictly.
        String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (!r.isError()) {
            return out.flip().toString();
        }
        int bad = in.position(); // the decoder stops at the start of the malformed sequence
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < bad; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++; // one per character: continuation bytes belong to the character before
            }
        }
        throw new dev.foundation.config.ConfigParseException(file.toString(), line, column,
                String.format(Locale.ROOT, "the file is not valid UTF-8: byte 0x%02X at offset %d; save it as UTF-8",
                        bytes[bad] & 0xFF, bad), null);
    }

    /**
     * Converts a programmatic value to a node.
     *
     * @param value  a String, number, boolean, enum, Duration, Secret, Collection or Map, or null
     * @param origin its origin
     * @return the node
     */
    static Node toNode(Object value, Origin origin) {
        if (value == null) {
            return new Node.Scalar(null, origin);
        }
        if (value instanceof Collection) {
            List<Node> items = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                items.add(toNode(o, origin));
            }
            return Node.Sequence.of(items, origin);
        }
        if (value instanceof Map) {
            Map<String, Node> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                m.put(String.valueOf(e.getKey()), toNode(e.getValue(), origin));
            }
            return Node.Mapping.of(m, origin);
        }
        if (value instanceof Secret) {
            return new Node.Scalar(((Secret) value).reveal(), origin);
        }
        if (value instanceof Duration) {
            return new Node.Scalar(Scalars.renderDuration((Duration) value), origin);
        }
        if (value instanceof Enum) {
            return new Node.Scalar(((Enum<?>) value).name(), origin);
        }
        return new Node.Scalar(value.toString(), origin);
    }
}
