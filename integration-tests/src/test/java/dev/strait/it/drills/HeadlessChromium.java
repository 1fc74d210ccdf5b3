package dev.strait.it.drills;

import dev.strait.it.support.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;

/**
 * A headless Chromium of its own (a new, empty profile), driven over the DevTools protocol.
 * {@link #close()} stops it and deletes its profile, whatever happened before. Debian's package
 * installs it as {@code /usr/bin/chromium}; CI installs it in {@code .ci/run}.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** The longest any single wait may take: the start, a reply, a page load. */
    static final Duration WAIT = Duration.ofSeconds(30);

    // Without these, Chromium run as root refuses to start, and in a closed network it keeps
    // retrying connections to Google's services (and logging that it failed).
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-debugging-port=0");

    private final Process process;
    private final Path home;
    private final DevTools devTools;

    private HeadlessChromium(Process process, Path home, DevTools devTools) {
        this.process = process;
        this.home = home;
        this.devTools = devTools;
    }

    /** Skips the calling test on a machine without Chromium. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), "no Chromium at " + EXECUTABLE
                + ", so the page is not checked in a browser here (expected: apt-get install chromium, as .ci/run does)");
    }

    /** Starts Chromium with a new profile in a temporary directory and connects to its DevTools endpoint. */
    static HeadlessChromium start() throws IOException {
        Path home = Files.createTempDirectory("strait-chromium-");
        Path profile = Files.createDirectory(home.resolve("profile"));
        Path log = home.resolve("chromium.log");
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.add("about:blank");
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URI endpoint = awaitEndpoint(process, profile.resolve("DevToolsActivePort"), log);
            return new HeadlessChromium(process, home, DevTools.connect(endpoint, WAIT));
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (process != null) {
                    process.destroy();
                    stop(process, process.descendants().toList());
                }
            } finally {
                delete(home);
            }
            throw e;
        }
    }

    /** The browser's WebSocket endpoint, once Chromium has written its port and path (first and second line) to {@code portFile}. */
    private static URI awaitEndpoint(Process process, Path portFile, Path log) throws IOException {
        Await.until("Chromium writes " + portFile, WAIT, () -> !process.isAlive() || endpointLines(portFile).size() >= 2);
        if (!process.isAlive()) {
            throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before it opened its DevTools port"
                    + " (expected: it starts with " + FLAGS + "); its output:\n" + Files.readString(log));
        }
        List<String> lines = endpointLines(portFile);
        return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
    }

    private static List<String> endpointLines(Path portFile) {
        try {
            return Files.readAllLines(portFile).stream().filter(line -> !line.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens {@code url} in a new tab and returns once the page has fired its load event. */
    Page open(URI url) {
        String targetId = devTools.call("Target.createTarget", Map.of("url", "about:blank")).get("targetId").asString();
        String sessionId = devTools.call("Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asString();
        var page = new Page(devTools, sessionId);
        devTools.onEvent(page::observe);
        page.call("Runtime.enable");
        page.call("Log.enable");
        page.call("Page.enable");
        page.navigate(url);
        return page;
    }

    /** Stops Chromium (politely first) and deletes its profile. */
    @Override
    public void close() throws IOException {
        // Taken first: once the browser is gone, its children no longer descend from it.
        List<ProcessHandle> children = process.descendants().toList();
        try {
            devTools.call("Browser.close", Map.of());
        } catch (RuntimeException e) {
            // It may already be gone; stop() below makes sure.
        } finally {
            devTools.close();
            try {
                stop(process, children);
            } finally {
                delete(home);
            }
        }
    }

    /** Waits up to {@link #WAIT} for {@code process} to exit, then kills it if need be, and any of its {@code children} left. */
    private static void stop(Process process, List<ProcessHandle> children) {
        try {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.destroyForcibly();
                child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Chromium (pid " + process.pid() + ") did not exit within " + WAIT.toSeconds() + " s", e);
        }
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One tab: its DevTools session and the errors it reported since it was opened. */
    static final class Page {
        private final DevTools devTools;
        private final String sessionId;
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> loaded = new CompletableFuture<>();

        private Page(DevTools devTools, String sessionId) {
            this.devTools = devTools;
            this.sessionId = sessionId;
        }

        /**
         * Uncaught exceptions, console errors and browser log errors, as text, in the order they came.
         * Read it after {@link #evaluate}: events that came before a reply are delivered before it.
         */
        List<String> errors() {
            return List.copyOf(errors);
        }

        /** The value of the JavaScript {@code expression} in the page, as JSON. */
        JsonNode evaluate(String expression) {
            JsonNode answer = devTools.call(sessionId, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (answer.has("exceptionDetails")) {
                throw new AssertionError("the expression threw in the page: " + describe(answer.get("exceptionDetails")));
            }
            return answer.path("result").path("value");
        }

        private JsonNode call(String method) {
            return devTools.call(sessionId, method, Map.of());
        }

        private void navigate(URI url) {
            JsonNode answer = devTools.call(sessionId, "Page.navigate", Map.of("url", url.toString()));
            if (answer.has("errorText")) {
                throw new AssertionError("Chromium could not open " + url + ": " + answer.get("errorText").asString());
            }
            try {
                loaded.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + url + " to load", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError(url + " did not fire its load event within " + WAIT.toSeconds() + " s; errors: " + errors, e);
            }
        }

        private void observe(JsonNode event) {
            if (!sessionId.equals(event.path("sessionId").asString())) {
                return;
            }
            JsonNode params = event.path("params");
            switch (event.path("method").asString()) {
                case "Page.loadEventFired" -> loaded.complete(null);
                case "Runtime.exceptionThrown" -> errors.add("uncaught: " + describe(params.path("exceptionDetails")));
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asString().equals("error")) {
                        var text = new StringBuilder("console.error:");
                        params.path("args").forEach(arg -> text.append(' ').append(arg.has("value")
                                ? arg.get("value").asString() : arg.path("description").asString()));
                        errors.add(text.toString());
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if (entry.path("level").asString().equals("error")) {
                        errors.add("log (" + entry.path("source").asString() + "): " + entry.path("text").asString() + " "
                                + entry.path("url").asString());
                    }
                }
                default -> {
                    // Other events say nothing about whether the page works.
                }
            }
        }

        private static String describe(JsonNode details) {
            JsonNode exception = details.path("exception");
            String text = exception.has("description") ? exception.get("description").asString() : details.path("text").asString();
            // DevTools counts lines and columns from 0.
            return text + " (line " + (details.path("lineNumber").asInt() + 1) + ", column " + (details.path("columnNumber").asInt() + 1) + ")";
        }
    }
}
