package dev.ebpfexporter.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown files and whether they resolve: the file or folder exists, and
 * an anchor names a heading (as GitHub makes its id) or an explicit {@code <a id/name>} of the
 * target. Links inside code (fenced blocks, indented blocks, inline spans) are text, not links.
 */
final class MarkdownLinks {
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[(?:[^\\]\\\\]|\\\\.)*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:[ \\t]*<?(\\S+?)>?(?:[ \\t].*)?$", Pattern.MULTILINE);
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)((?:(?!\\n[ \\t]*\\n).)+?)\\1", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    /** Each link of {@code file} that does not resolve, as {@code file:line: target (why)}. */
    List<String> deadLinks(Path file) throws IOException {
        String text = withoutCodeSpans(String.join("\n", prose(file)));
        List<String> dead = new ArrayList<>();
        for (Pattern link : List.of(INLINE_LINK, REFERENCE_DEFINITION)) {
            Matcher matcher = link.matcher(text);
            while (matcher.find()) {
                String why = whyDead(file, matcher.group(1));
                if (why != null) {
                    int line = 1 + (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
                    dead.add(file + ":" + line + ": " + matcher.group(1) + " (" + why + ")");
                }
            }
        }
        return dead;
    }

    private String whyDead(Path file, String target) throws IOException {
        if (SCHEME.matcher(target).find() || target.startsWith("//")) {
            return null; // absolute: not this repository's to check
        }
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        Path resolved = pathPart.isEmpty() ? file : file.resolveSibling(pathPart).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (hash < 0 || !resolved.toString().endsWith(".md")) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        return anchors(resolved).contains(anchor) ? null : "no such anchor in " + resolved.getFileName();
    }

    private Set<String> anchors(Path file) throws IOException {
        Set<String> known = anchorsByFile.get(file);
        if (known == null) {
            known = readAnchors(file);
            anchorsByFile.put(file, known);
        }
        return known;
    }

    private static Set<String> readAnchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(file)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading id: the text as rendered (code spans keep their content, links their
     * text), lower-cased, punctuation but {@code -} and {@code _} removed, each space a {@code -}.
     */
    static String slug(String headingText) {
        String rendered = headingText.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        return rendered.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "")
                .replace(' ', '-');
    }

    /** The file's lines with code blocks blanked, so line numbers stay those of the file. */
    private static List<String> prose(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String openFence = null;
        boolean indentedCodeMayStart = true; // after a blank line or inside an indented block
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            boolean isFence = fence.find();
            boolean inCode = openFence != null;
            if (isFence && (openFence == null || line.trim().startsWith(openFence))) {
                openFence = openFence == null ? fence.group(1) : null;
                inCode = true;
            }
            boolean indentedCode = openFence == null && indentedCodeMayStart && line.startsWith("    ");
            indentedCodeMayStart = line.isBlank() || indentedCode;
            if (inCode || indentedCode) {
                lines.set(i, "");
            }
        }
        return lines;
    }

    /** Code spans (within a paragraph) blanked to spaces, line breaks kept: links and spans may span lines. */
    private static String withoutCodeSpans(String text) {
        return CODE_SPAN.matcher(text).replaceAll(span -> span.group().replaceAll("[^\n]", " "));
    }
}
