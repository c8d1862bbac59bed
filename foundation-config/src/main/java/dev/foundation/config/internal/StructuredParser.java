package dev.foundation.config.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.foundation.config.ConfigParseException;
import dev.foundation.config.ConfigSourceException;
import dev.foundation.config.DuplicateKeyException;
import dev.foundation.config.NestingTooDeepException;
import dev.foundation.config.Origin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON (Jackson's streaming parser) or YAML ({@link YamlReader}, SnakeYAML events) into a {@link Node}
 * tree with the line of every value. Duplicate keys and nesting depth are checked while streaming, so hostile
 * input is stopped before it costs memory or stack.
 */
public final class StructuredParser {

    /** JsonFactory is thread-safe and costly to create: one per nesting limit. */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, JsonFactory> FACTORIES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final JsonFactory json;
    private final YamlReader yaml;
    private final Limits limits;

    /**
     * Creates a parser.
     *
     * @param limits the bounds to enforce
     */
    public StructuredParser(Limits limits) {
        this.limits = limits;
        // Jackson's own limits sit above ours so that ours, with clearer messages, trigger first.
        this.json = FACTORIES.computeIfAbsent(limits.maxNestingDepth() + 10, depth -> JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(depth).build()).build());
        this.yaml = new YamlReader(limits);
    }

    /**
     * Parses a file's content.
     *
     * @param file    the file (for origins and messages)
     * @param content the content
     * @param isYaml  YAML (true) or JSON (false)
     * @return the root mapping, or null when the file holds no document
     * @throws ConfigSourceException (a subclass) when the content is malformed or hostile
     */
    public Node.Mapping parse(Path file, String content, boolean isYaml) {
        if (isYaml) {
            return yaml.parse(file, content);
        }
        String source = file.toString();
        try (JsonParser p = json.createParser(content)) {
            State st = new State(file);
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t != JsonToken.START_OBJECT) {
                JsonLocation l = p.currentTokenLocation();
                throw new ConfigParseException(source, l.getLineNr(), l.getColumnNr(),
                        "the top level must be a mapping of keys to values but was " + describe(t), null);
            }
            Node root = read(p, t, st, 1);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new ConfigParseException(source, l.getLineNr(), l.getColumnNr(),
                        "more than one document in the file; put the configuration in a single document", null);
            }
            return (Node.Mapping) root;
        } catch (StreamConstraintsException e) {
            JsonLocation l = e.getLocation();
            throw new NestingTooDeepException(source, l == null ? -1 : l.getLineNr(),
                    l == null ? -1 : l.getColumnNr(), "input too deep or too large: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String msg = e.getOriginalMessage().replaceAll("\\s+", " ").strip();
            if (msg.contains("Duplicate field") || msg.contains("found duplicate key")) {
                throw new DuplicateKeyException(source, l == null ? -1 : l.getLineNr(),
                        l == null ? -1 : l.getColumnNr(), msg);
            }
            throw new ConfigParseException(source, l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(),
                    "malformed JSON: " + msg, e);
        } catch (IOException e) {
            throw new ConfigSourceException(source, source + ": cannot parse: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_ARRAY:
                return "a list";
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a single value";
            default:
                return t.toString();
        }
    }

    private static final class State {
        final Path file;

        State(Path file) {
            this.file = file;
        }
    }

    private Node read(JsonParser p, JsonToken t, State st, int depth) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        Origin origin = Origin.file(st.file, Math.max(1, loc.getLineNr()));
        if (depth > limits.maxNestingDepth()) {
            throw new NestingTooDeepException(st.file.toString(), loc.getLineNr(), loc.getColumnNr(),
                    "nesting deeper than the limit of " + limits.maxNestingDepth()
                            + " levels; flatten the structure or raise maxNestingDepth");
        }
        Node node;
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken vt = p.nextToken();
                    Node value = read(p, vt, st, depth + 1);
                    Node first = entries.putIfAbsent(name, value);
                    if (first != null) {
                        // a value's line is its key's line in JSON (even a section's: the line of its '{')
                        throw new DuplicateKeyException(st.file.toString(), value.origin().line(),
                                p.currentTokenLocation().getColumnNr(), "duplicate key '" + name
                                        + "' (first given on line " + first.origin().line() + ")");
                    }
                }
                if (k != JsonToken.END_OBJECT) {
                    JsonLocation l = p.currentTokenLocation();
                    throw new ConfigParseException(st.file.toString(), l.getLineNr(), l.getColumnNr(),
                            "unexpected end of mapping", null);
                }
                node = Node.Mapping.owning(entries, origin);
                break;
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        JsonLocation l = p.currentTokenLocation();
                        throw new ConfigParseException(st.file.toString(), l.getLineNr(), l.getColumnNr(),
                                "unexpected end of list", null);
                    }
                    items.add(read(p, e, st, depth + 1));
                }
                node = Node.Sequence.owning(items, origin);
                break;
            }
            case VALUE_NULL:
                node = new Node.Scalar(null, origin);
                break;
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
            case VALUE_TRUE:
            case VALUE_FALSE:
                node = new Node.Scalar(p.getText(), origin);
                break;
            default:
                throw new ConfigParseException(st.file.toString(), loc.getLineNr(), loc.getColumnNr(),
                        "unexpected " + t, null);
        }
        return node;
    }
}
