package dev.foundation.config.internal;

import dev.foundation.config.AliasLimitException;
import dev.foundation.config.ConfigParseException;
import dev.foundation.config.DuplicateKeyException;
import dev.foundation.config.NestingTooDeepException;
import dev.foundation.config.Origin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads YAML with SnakeYAML's event parser (a state machine, so deep input cannot overflow the stack) into a
 * {@link Node} tree with lines. Anchors and aliases are resolved here with an explicit budget: at most
 * {@code maxAliases} aliases and {@code maxAliasExpansion} expanded nodes per file, which stops "billion
 * laughs" alias bombs before they cost memory or time. Merge keys ({@code <<: *defaults}) are supported.
 */
final class YamlReader {

    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

    private final Limits limits;
    private final LoaderOptions options;

    YamlReader(Limits limits) {
        this.limits = limits;
        this.options = new LoaderOptions();
        // LoaderOptions' maxAliasesForCollections and allowDuplicateKeys act in SnakeYAML's Composer, which the
        // event parser does not use: aliases and duplicate keys are checked below, with explicit budgets.
        options.setNestingDepthLimit(limits.maxNestingDepth() + 10);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileSize() + 1));
    }

    private final class State {
        final Path file;
        final ParserImpl parser;
        final Map<String, Node> anchors = new HashMap<>();
        int aliases;
        long expanded;

        State(Path file, ParserImpl parser) {
            this.file = file;
            this.parser = parser;
        }
    }

    Node.Mapping parse(Path file, String content) {
        String source = file.toString();
        try {
            State st = new State(file, new ParserImpl(new StreamReader(content), options));
            expect(st, Event.ID.StreamStart);
            if (st.parser.checkEvent(Event.ID.StreamEnd)) {
                return null;
            }
            expect(st, Event.ID.DocumentStart);
            Event first = st.parser.peekEvent();
            if (first.is(Event.ID.Scalar) && isNull((ScalarEvent) first)) {
                st.parser.getEvent();
                expect(st, Event.ID.DocumentEnd);
                checkSingleDocument(st);
                return null;
            }
            if (!first.is(Event.ID.MappingStart)) {
                Mark m = first.getStartMark();
                throw new ConfigParseException(source, m.getLine() + 1, m.getColumn() + 1,
                        "the top level must be a mapping of keys to values but was "
                                + (first.is(Event.ID.SequenceStart) ? "a list" : "a single value"), null);
            }
            Node root = read(st, 1);
            expect(st, Event.ID.DocumentEnd);
            checkSingleDocument(st);
            return (Node.Mapping) root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String problem = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            throw new ConfigParseException(source, m == null ? -1 : m.getLine() + 1, m == null ? -1 : m.getColumn() + 1,
                    "malformed YAML: " + problem.replaceAll("\\s+", " ").strip(), e);
        } catch (YAMLException e) {
            throw new ConfigParseException(source, -1, -1, "malformed YAML: " + e.getMessage(), e);
        }
    }

    private static void checkSingleDocument(State st) {
        if (!st.parser.checkEvent(Event.ID.StreamEnd)) {
            Mark m = st.parser.peekEvent().getStartMark();
            throw new ConfigParseException(st.file.toString(), m.getLine() + 1, m.getColumn() + 1,
                    "more than one document in the file; put the configuration in a single document", null);
        }
    }

    private static Event expect(State st, Event.ID id) {
        Event e = st.parser.getEvent();
        if (!e.is(id)) {
            Mark m = e.getStartMark();
            throw new ConfigParseException(st.file.toString(), m.getLine() + 1, m.getColumn() + 1,
                    "unexpected " + e.getEventId() + ", expected " + id, null);
        }
        return e;
    }

    private static boolean isNull(ScalarEvent e) {
        return e.isPlain() && NULLS.contains(e.getValue());
    }

    private Node read(State st, int depth) {
        Event e = st.parser.getEvent();
        Mark mark = e.getStartMark();
        int line = mark.getLine() + 1;
        if (depth > limits.maxNestingDepth()) {
            throw new NestingTooDeepException(st.file.toString(), line, mark.getColumn() + 1,
                    "nesting deeper than the limit of " + limits.maxNestingDepth()
                            + " levels; flatten the structure or raise maxNestingDepth");
        }
        Origin origin = Origin.file(st.file, line);
        Node node;
        switch (e.getEventId()) {
            case Alias:
                return alias(st, ((AliasEvent) e).getAnchor(), mark);
            case Scalar: {
                ScalarEvent s = (ScalarEvent) e;
                node = new Node.Scalar(isNull(s) ? null : s.getValue(), origin);
                break;
            }
            case SequenceStart: {
                List<Node> items = new ArrayList<>();
                while (!st.parser.checkEvent(Event.ID.SequenceEnd)) {
                    items.add(read(st, depth + 1));
                }
                st.parser.getEvent();
                node = Node.Sequence.owning(items, origin);
                break;
            }
            case MappingStart: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> lines = new HashMap<>();
                List<Node.Mapping> merges = new ArrayList<>();
                while (!st.parser.checkEvent(Event.ID.MappingEnd)) {
                    Event k = st.parser.peekEvent();
                    Mark km = k.getStartMark();
                    Node keyNode = read(st, depth + 1);
                    if (!(keyNode instanceof Node.Scalar) || ((Node.Scalar) keyNode).text() == null) {
                        throw new ConfigParseException(st.file.toString(), km.getLine() + 1, km.getColumn() + 1,
                                "keys must be plain names, not lists, sections or null", null);
                    }
                    String key = ((Node.Scalar) keyNode).text();
                    Node value = read(st, depth + 1);
                    if ("<<".equals(key) && k instanceof ScalarEvent && ((ScalarEvent) k).isPlain()) {
                        merge(st, value, merges, km);
                        continue;
                    }
                    Integer firstLine = lines.put(key, km.getLine() + 1);
                    if (firstLine != null) {
                        throw new DuplicateKeyException(st.file.toString(), km.getLine() + 1, km.getColumn() + 1,
                                "duplicate key '" + key + "' (first given on line " + firstLine + ")");
                    }
                    entries.put(key, value);
                }
                st.parser.getEvent();
                for (Node.Mapping m : merges) {
                    m.entries().forEach(entries::putIfAbsent);
                }
                node = Node.Mapping.owning(entries, origin);
                break;
            }
            default:
                throw new ConfigParseException(st.file.toString(), line, mark.getColumn() + 1,
                        "unexpected " + e.getEventId(), null);
        }
        String anchor = e instanceof NodeEvent ? ((NodeEvent) e).getAnchor() : null;
        if (anchor != null) {
            st.anchors.put(anchor, node);
        }
        return node;
    }

    private static void merge(State st, Node value, List<Node.Mapping> merges, Mark km) {
        if (value instanceof Node.Mapping) {
            merges.add((Node.Mapping) value);
        } else if (value instanceof Node.Sequence && ((Node.Sequence) value).items().stream()
                .allMatch(n -> n instanceof Node.Mapping)) {
            ((Node.Sequence) value).items().forEach(n -> merges.add((Node.Mapping) n));
        } else {
            throw new ConfigParseException(st.file.toString(), km.getLine() + 1, km.getColumn() + 1,
                    "the merge key << needs a mapping or a list of mappings", null);
        }
    }

    private Node alias(State st, String name, Mark mark) {
        String source = st.file.toString();
        Node target = st.anchors.get(name);
        if (target == null) {
            throw new ConfigParseException(source, mark.getLine() + 1, mark.getColumn() + 1,
                    "alias *" + name + " refers to no anchor defined before it", null);
        }
        st.aliases++;
        st.expanded += target.size();
        if (st.aliases > limits.maxAliases()) {
            throw new AliasLimitException(source, mark.getLine() + 1, mark.getColumn() + 1, "more than "
                    + limits.maxAliases() + " aliases in one file; raise maxAliases if this file is trusted");
        }
        if (st.expanded > limits.maxAliasExpansion()) {
            throw new AliasLimitException(source, mark.getLine() + 1, mark.getColumn() + 1,
                    "aliases expand to more than " + limits.maxAliasExpansion()
                            + " nodes (an alias bomb?); raise maxAliasExpansion if this file is trusted");
        }
        return target;
    }
}
