package org.profid365.migrator.dataverse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A query on one entity set: {@code $select}, {@code $filter}, {@code $orderby}, {@code $top} and {@code $expand},
 * percent-encoded for the URL (spaces as {@code %20}, quotes as {@code %27}, never {@code +}). There is no
 * {@code $skip}: pages come from {@code Prefer: odata.maxpagesize} and {@code @odata.nextLink}.
 * [webapi/query-data-web-api]
 */
public final class ODataQuery {

    private final String entitySet;
    private final List<String> select = new ArrayList<>();
    private String filter;
    private String orderBy;
    private String expand;
    private Integer top;

    private ODataQuery(String entitySet) {
        this.entitySet = Objects.requireNonNull(entitySet, "entitySet");
    }

    /** A query on an entity set name ({@code contacts}) or any other collection path. */
    public static ODataQuery from(String entitySet) {
        return new ODataQuery(entitySet);
    }

    public ODataQuery select(String... columns) {
        select.addAll(List.of(columns));
        return this;
    }

    /** The filter expression as OData text, literals made with {@link ODataLiteral}. */
    public ODataQuery filter(String expression) {
        this.filter = expression;
        return this;
    }

    public ODataQuery orderBy(String expression) {
        this.orderBy = expression;
        return this;
    }

    public ODataQuery expand(String expression) {
        this.expand = expression;
        return this;
    }

    public ODataQuery top(int n) {
        this.top = n;
        return this;
    }

    public String entitySet() {
        return entitySet;
    }

    /** The path relative to the API root, e.g. {@code contacts?$select=a,b&$filter=lastname%20eq%20%27x%27}. */
    public String toPath() {
        List<String> params = new ArrayList<>();
        if (!select.isEmpty()) {
            params.add("$select=" + encode(String.join(",", select)));
        }
        if (filter != null) {
            params.add("$filter=" + encode(filter));
        }
        if (orderBy != null) {
            params.add("$orderby=" + encode(orderBy));
        }
        if (expand != null) {
            params.add("$expand=" + encode(expand));
        }
        if (top != null) {
            params.add("$top=" + top);
        }
        return params.isEmpty() ? entitySet : entitySet + "?" + String.join("&", params);
    }

    /**
     * Percent-encodes a query value as UTF-8. Unreserved characters and {@code , ( ) / : @ $ *} stay readable;
     * everything else, including {@code ' & = + # % ;} and spaces, is encoded so the server reads the value back
     * exactly.
     */
    public static String encode(String value) {
        StringBuilder b = new StringBuilder();
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~'
                    || c == ',' || c == '(' || c == ')' || c == '/' || c == ':' || c == '@' || c == '$' || c == '*') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return toPath();
    }
}
