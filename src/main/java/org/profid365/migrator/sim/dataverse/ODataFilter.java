package org.profid365.migrator.sim.dataverse;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code $filter}: {@code eq ne gt ge lt le and or not}, parentheses, {@code contains/startswith/endswith},
 * string literals with {@code ''} escapes, {@code null}, {@code true/false}, numbers, GUIDs and date(-time) literals.
 * String comparisons ignore case, as Dataverse's SQL collation does.
 */
final class ODataFilter {

    /** The properties a filter may name: the column behind each, or null when there is none. */
    interface Schema {
        SimColumn column(String property);
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?[mMdDfFlL]?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_/.]*");
    private static final Map<String, String> OPERATOR_KINDS = Map.of("eq", "Equal", "ne", "NotEqual",
            "gt", "GreaterThan", "ge", "GreaterThanOrEqual", "lt", "LessThan", "le", "LessThanOrEqual");

    private sealed interface Node permits Or, And, Not, Compare, Call {
    }

    private record Or(Node left, Node right) implements Node {
    }

    private record And(Node left, Node right) implements Node {
    }

    private record Not(Node inner) implements Node {
    }

    private record Compare(String property, String op, Object literal) implements Node {
    }

    private record Call(String function, String property, String text) implements Node {
    }

    private record Token(String kind, String text, int position) {
    }

    private final Node root;

    private ODataFilter(Node root) {
        this.root = root;
    }

    static ODataFilter parse(String text, Schema schema, String typeName) {
        return new ODataFilter(new Parser(text, schema, typeName).parse());
    }

    boolean matches(Function<String, Object> values) {
        return evaluate(root, values);
    }

    private static boolean evaluate(Node node, Function<String, Object> values) {
        if (node instanceof Or or) {
            return evaluate(or.left(), values) || evaluate(or.right(), values);
        }
        if (node instanceof And and) {
            return evaluate(and.left(), values) && evaluate(and.right(), values);
        }
        if (node instanceof Not not) {
            return !evaluate(not.inner(), values);
        }
        if (node instanceof Call call) {
            Object value = values.apply(call.property());
            if (value == null) {
                return false;
            }
            String have = value.toString().toLowerCase(Locale.ROOT);
            String want = call.text().toLowerCase(Locale.ROOT);
            return switch (call.function()) {
                case "contains" -> have.contains(want);
                case "startswith" -> have.startsWith(want);
                default -> have.endsWith(want);
            };
        }
        Compare compare = (Compare) node;
        Object value = normalize(values.apply(compare.property()));
        Object literal = compare.literal();
        if (value == null || literal == null) {
            boolean same = value == null && literal == null;
            return switch (compare.op()) {
                case "eq" -> same;
                case "ne" -> !same;
                default -> false;
            };
        }
        int order = compareValues(value, literal);
        return switch (compare.op()) {
            case "eq" -> order == 0;
            case "ne" -> order != 0;
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            default -> order <= 0;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object value, Object literal) {
        if (value instanceof String s && literal instanceof String l) {
            return s.compareToIgnoreCase(l);
        }
        if (value instanceof BigDecimal v && literal instanceof BigDecimal l) {
            return v.compareTo(l);
        }
        if (value instanceof LocalDate v && literal instanceof Instant l) {
            return v.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().compareTo(l);
        }
        if (value instanceof Instant v && literal instanceof LocalDate l) {
            return v.compareTo(l.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }
        if (value instanceof Comparable c && value.getClass() == literal.getClass()) {
            return c.compareTo(literal);
        }
        return value.toString().compareToIgnoreCase(literal.toString());
    }

    /** Stored values as filter literals are typed: numbers as BigDecimal, lookups as their id. */
    static Object normalize(Object value) {
        if (value instanceof SimRef ref) {
            return ref.id();
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private final Schema schema;
        private final String typeName;
        private final List<Token> tokens = new ArrayList<>();
        private int next;

        Parser(String text, Schema schema, String typeName) {
            this.text = text;
            this.schema = schema;
            this.typeName = typeName;
            tokenize();
        }

        Node parse() {
            if (tokens.isEmpty()) {
                throw syntax(0);
            }
            Node node = or();
            if (next < tokens.size()) {
                throw syntax(tokens.get(next).position());
            }
            return node;
        }

        private Node or() {
            Node left = and();
            while (peekWord("or")) {
                next++;
                left = new Or(left, and());
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (peekWord("and")) {
                next++;
                left = new And(left, not());
            }
            return left;
        }

        private Node not() {
            if (peekWord("not")) {
                next++;
                return new Not(not());
            }
            return primary();
        }

        private Node primary() {
            Token token = take();
            if (token.kind().equals("(")) {
                Node inner = or();
                expect(")");
                return inner;
            }
            if (!token.kind().equals("id")) {
                throw syntax(token.position());
            }
            String word = token.text();
            if (peek("(") && List.of("contains", "startswith", "endswith").contains(word.toLowerCase(Locale.ROOT))) {
                next++;
                Token property = take();
                SimColumn column = column(property);
                expect(",");
                Token literal = take();
                if (!literal.kind().equals("string")) {
                    throw incompatible(column, literal, "Function");
                }
                expect(")");
                return new Call(word.toLowerCase(Locale.ROOT), property.text(), literal.text());
            }
            SimColumn column = column(token);
            Token op = take();
            String operator = op.text().toLowerCase(Locale.ROOT);
            if (!op.kind().equals("id") || !OPERATOR_KINDS.containsKey(operator)) {
                throw syntax(op.position());
            }
            Token literal = take();
            return new Compare(token.text(), operator, literal(column, literal, OPERATOR_KINDS.get(operator)));
        }

        private SimColumn column(Token token) {
            if (!token.kind().equals("id")) {
                throw syntax(token.position());
            }
            SimColumn column = schema.column(token.text());
            if (column == null) {
                throw DataverseFault.unknownQueryProperty(token.text(), typeName);
            }
            return column;
        }

        /** The literal as a value comparable with the column's, or the incompatible-types error. */
        private Object literal(SimColumn column, Token literal, String operatorKind) {
            String kind = literal.kind();
            String value = literal.text();
            if (kind.equals("id") && value.equals("null")) {
                return null;
            }
            SimColumnType type = column.type;
            boolean ok;
            Object result = null;
            switch (type) {
                case STRING, MEMO, MULTISELECT -> {
                    ok = kind.equals("string");
                    result = value;
                }
                case INTEGER, BIGINT, DECIMAL, DOUBLE, MONEY, PICKLIST, STATE, STATUS -> {
                    ok = kind.equals("number");
                    if (ok) {
                        result = new BigDecimal(value.replaceAll("[mMdDfFlL]$", ""));
                    }
                }
                case BOOLEAN -> {
                    ok = kind.equals("id") && (value.equals("true") || value.equals("false"));
                    result = Boolean.valueOf(value);
                }
                case DATETIME -> {
                    ok = kind.equals("datetime");
                    if (ok) {
                        result = dateTime(value, literal.position());
                    }
                }
                default -> {
                    ok = kind.equals("guid");
                    if (ok) {
                        result = UUID.fromString(value);
                    }
                }
            }
            if (!ok) {
                throw incompatible(column, literal, operatorKind);
            }
            return result;
        }

        private Object dateTime(String value, int position) {
            try {
                if (value.length() == 10) {
                    return LocalDate.parse(value);
                }
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e) {
                throw syntax(position);
            }
        }

        private DataverseFault incompatible(SimColumn column, Token literal, String operatorKind) {
            String literalType = switch (literal.kind()) {
                case "string" -> "Edm.String";
                case "number" -> literal.text().contains(".") ? "Edm.Decimal" : "Edm.Int32";
                case "guid" -> "Edm.Guid";
                case "datetime" -> literal.text().length() == 10 ? "Edm.Date" : "Edm.DateTimeOffset";
                default -> literal.text().equals("true") || literal.text().equals("false") ? "Edm.Boolean" : literal.text();
            };
            return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "A binary operator with incompatible types was "
                    + "detected. Found operand types '" + column.edmType() + "' and '" + literalType
                    + "' for operator kind '" + operatorKind + "'.");
        }

        private boolean peekWord(String word) {
            return next < tokens.size() && tokens.get(next).kind().equals("id")
                    && tokens.get(next).text().equalsIgnoreCase(word);
        }

        private boolean peek(String kind) {
            return next < tokens.size() && tokens.get(next).kind().equals(kind);
        }

        private Token take() {
            if (next >= tokens.size()) {
                throw syntax(text.length());
            }
            return tokens.get(next++);
        }

        private void expect(String kind) {
            Token token = take();
            if (!token.kind().equals(kind)) {
                throw syntax(token.position());
            }
        }

        private DataverseFault syntax(int position) {
            return DataverseFault.badRequest(DataverseFault.ODATA_CODE, "Syntax error at position " + position
                    + " in '" + text + "'.");
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (c == '(' || c == ')' || c == ',') {
                    tokens.add(new Token(String.valueOf(c), String.valueOf(c), i));
                    i++;
                    continue;
                }
                if (c == '\'') {
                    StringBuilder literal = new StringBuilder();
                    int start = i++;
                    while (true) {
                        if (i >= text.length()) {
                            throw DataverseFault.badRequest(DataverseFault.ODATA_CODE, "There is an unterminated string "
                                    + "literal at position " + start + " in '" + text + "'.");
                        }
                        char d = text.charAt(i);
                        if (d == '\'') {
                            if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                                literal.append('\'');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        literal.append(d);
                        i++;
                    }
                    tokens.add(new Token("string", literal.toString(), start));
                    continue;
                }
                String rest = text.substring(i);
                if (rest.length() >= 36 && GuidText.isGuid(rest.substring(0, 36)) && endsToken(rest, 36)) {
                    tokens.add(new Token("guid", rest.substring(0, 36), i));
                    i += 36;
                    continue;
                }
                Matcher m;
                if ((m = DATE_TIME.matcher(rest)).lookingAt() && endsToken(rest, m.end())) {
                    tokens.add(new Token("datetime", m.group(), i));
                } else if ((m = NUMBER.matcher(rest)).lookingAt() && endsToken(rest, m.end())) {
                    tokens.add(new Token("number", m.group(), i));
                } else if ((m = IDENTIFIER.matcher(rest)).lookingAt()) {
                    tokens.add(new Token("id", m.group(), i));
                } else {
                    throw syntax(i);
                }
                i += m.end();
            }
        }

        private static boolean endsToken(String rest, int end) {
            if (end >= rest.length()) {
                return true;
            }
            char c = rest.charAt(end);
            return Character.isWhitespace(c) || c == ')' || c == ',';
        }
    }
}
