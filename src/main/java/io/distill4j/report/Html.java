package io.distill4j.report;

import java.util.Base64;
import java.util.List;

/** A small HTML writer: every text it is given is escaped; images are inlined as data URIs. */
final class Html {
    private final StringBuilder out = new StringBuilder();

    /**
     * @param text any text
     * @return it with {@code & < > " '} escaped
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Appends markup written by this package, not user text. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html heading(int level, String id, String text) {
        out.append("<h").append(level).append(" id=\"").append(escape(id)).append("\">").append(escape(text))
                .append("</h").append(level).append(">\n");
        return this;
    }

    Html paragraph(String text) {
        return element("p", null, text);
    }

    /** A paragraph set apart: what is missing or what to do. */
    Html note(String text) {
        return element("p", "note", text);
    }

    Html list(List<String> items) {
        out.append("<ul>\n");
        items.forEach(i -> out.append("<li>").append(escape(i)).append("</li>\n"));
        out.append("</ul>\n");
        return this;
    }

    /** A table whose first column is left-aligned and the others right-aligned (numbers). */
    Html table(List<String> header, List<List<String>> rows) {
        return table("", header, rows);
    }

    /** A table of names and texts, all left-aligned. */
    Html keyValueTable(List<String> header, List<List<String>> rows) {
        return table(" class=\"kv\"", header, rows);
    }

    private Html table(String attributes, List<String> header, List<List<String>> rows) {
        out.append("<table").append(attributes).append(">\n<thead><tr>");
        header.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(c -> out.append("<td>").append(escape(c)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        return this;
    }

    /** A figure with an inline PNG and its caption. */
    Html figure(byte[] png, String alt, String caption) {
        out.append("<figure><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    private Html element(String tag, String cssClass, String text) {
        out.append('<').append(tag);
        if (cssClass != null) {
            out.append(" class=\"").append(cssClass).append('"');
        }
        out.append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
