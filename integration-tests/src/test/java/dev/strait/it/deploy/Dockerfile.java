package dev.strait.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile read the way the builder reads it, as far as the image's tests need: comment lines
 * dropped, continued lines joined, one instruction per line, and {@code ${ARG}} references replaced
 * by the defaults the {@code ARG} instructions give.
 */
record Dockerfile(List<Instruction> instructions) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /** One instruction, its keyword in upper case and its arguments with every {@code ${ARG}} replaced. */
    record Instruction(String keyword, String arguments) {
        /** The arguments of the exec (JSON array) form, as in {@code ENTRYPOINT ["/bin/x", "y"]}. */
        List<String> execForm() {
            JsonNode array = JSON.readTree(arguments);
            if (!array.isArray()) {
                throw new AssertionError(keyword + " " + arguments + " is not in exec (JSON array) form");
            }
            List<String> words = new ArrayList<>();
            array.forEach(word -> words.add(word.asString()));
            return words;
        }

        /** The arguments split on white space, for {@code EXPOSE 1 2} or {@code ADD src dest}. */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    static Dockerfile parse(Path file) throws IOException {
        List<String> logical = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.add(pending.append(trimmed).toString());
            pending.setLength(0);
        }
        Map<String, String> args = new LinkedHashMap<>();
        List<Instruction> instructions = new ArrayList<>();
        for (String line : logical) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = substitute(parts.length > 1 ? parts[1] : "", args);
            if (keyword.equals("ARG")) {
                String[] declaration = arguments.split("=", 2);
                args.put(declaration[0].strip(), declaration.length > 1 ? declaration[1].strip() : "");
            }
            instructions.add(new Instruction(keyword, arguments));
        }
        return new Dockerfile(instructions);
    }

    /** Every instruction with {@code keyword}, in order. */
    List<Instruction> all(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    /** The one instruction with {@code keyword}; fails when there is none or more than one. */
    Instruction only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + keyword + " instruction, found " + found.size() + ": " + found);
        }
        return found.getFirst();
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder replaced = new StringBuilder();
        while (reference.find()) {
            // References to what ARG does not declare (an ENV, a shell variable) stay as written.
            String name = reference.group(1) != null ? reference.group(1) : reference.group(2);
            String value = args.getOrDefault(name, reference.group());
            reference.appendReplacement(replaced, Matcher.quoteReplacement(value));
        }
        return reference.appendTail(replaced).toString();
    }
}
