package org.deepminer.data.inbreast.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.deepminer.api.DeepMinerException;

/**
 * Apple's XML property lists, as OsiriX writes its ROI files: {@code dict}, {@code array}, {@code string},
 * {@code integer}, {@code real}, {@code true}, {@code false}, {@code date}, {@code data}. Read with StAX and
 * no DTD: the DOCTYPE's URL is never fetched, entity declarations are not expanded (an "entity bomb" is an
 * error, not a gigabyte), and nesting deeper than {@link #MAX_DEPTH} is refused before it can overflow a stack.
 * Values: {@link Dict}, {@code List<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean};
 * numbers that do not parse stay strings, for the caller to report.
 */
final class Plist {
    private Plist() {}

    /** ROI files nest five levels; anything past this is garbage. */
    static final int MAX_DEPTH = 32;

    /** A dict, and the line it starts on, for messages. */
    record Dict(Map<String, Object> entries, int line) {
        Object get(String key) {
            return entries.get(key);
        }
    }

    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The value in a plist file ({@code <plist><dict>...</dict></plist>}). */
    static Object read(Path file) {
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = FACTORY.createXMLStreamReader(in);
            try {
                nextStart(r, name);
                if (!r.getLocalName().equals("plist")) {
                    throw new DeepMinerException(name + ":" + line(r), "not a property list: the root element is <"
                            + r.getLocalName() + ">, not <plist>");
                }
                nextStart(r, name);
                return value(r, name, 1);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            throw new DeepMinerException(name + (line > 0 ? ":" + line : ""), "not well-formed XML: "
                    + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new DeepMinerException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads the value whose start tag the reader is on, up to and including its end tag. */
    private static Object value(XMLStreamReader r, String file, int depth) throws XMLStreamException {
        if (depth > MAX_DEPTH) {
            throw new DeepMinerException(file + ":" + line(r), "nested more than " + MAX_DEPTH + " deep");
        }
        String tag = r.getLocalName();
        int line = line(r);
        switch (tag) {
            case "dict" -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                while (nextTag(r, file) == XMLStreamConstants.START_ELEMENT) {
                    if (!r.getLocalName().equals("key")) {
                        throw new DeepMinerException(file + ":" + line(r), "<dict> holds <" + r.getLocalName()
                                + "> where a <key> belongs");
                    }
                    String key = r.getElementText().strip();
                    if (nextTag(r, file) != XMLStreamConstants.START_ELEMENT) {
                        throw new DeepMinerException(file + ":" + line(r), "key '" + key + "' has no value");
                    }
                    entries.put(key, value(r, file, depth + 1));
                }
                return new Dict(entries, line);
            }
            case "array" -> {
                List<Object> items = new ArrayList<>();
                while (nextTag(r, file) == XMLStreamConstants.START_ELEMENT) {
                    items.add(value(r, file, depth + 1));
                }
                return items;
            }
            case "true", "false" -> {
                r.getElementText();
                return tag.equals("true");
            }
            case "integer" -> {
                String text = r.getElementText().strip();
                try {
                    return Long.valueOf(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            }
            case "real" -> {
                String text = r.getElementText().strip();
                try {
                    return Double.valueOf(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            }
            case "string", "date", "data", "key" -> {
                return r.getElementText();
            }
            default -> throw new DeepMinerException(file + ":" + line, "<" + tag + "> is no property list element");
        }
    }

    /** The next start or end tag, skipping blanks and comments; the end of the document is an error. */
    private static int nextTag(XMLStreamReader r, String file) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                    return event;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    if (!r.isWhiteSpace()) {
                        throw new DeepMinerException(file + ":" + line(r), "text '" + abbreviate(r.getText().strip())
                                + "' outside any value");
                    }
                }
                default -> {
                    // comments, processing instructions, blanks
                }
            }
        }
        throw new DeepMinerException(file, "the XML ends inside a value");
    }

    private static void nextStart(XMLStreamReader r, String file) throws XMLStreamException {
        if (nextTag(r, file) != XMLStreamConstants.START_ELEMENT) {
            throw new DeepMinerException(file + ":" + line(r), "an element is missing where a value belongs");
        }
    }

    private static int line(XMLStreamReader r) {
        return r.getLocation() == null ? 0 : r.getLocation().getLineNumber();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1).strip();
    }
}
