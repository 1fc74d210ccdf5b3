package dev.strait.it.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One WebSocket connection to Chromium's DevTools endpoint: commands with their replies, and
 * events to listeners. Commands for a page name its flattened session ({@code Target.attachToTarget}
 * with {@code flatten: true}), so one connection drives the browser and all its pages.
 */
final class DevTools implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final WebSocket socket;
    private final Duration timeout;
    private final Map<Long, Pending> replies;
    private final List<Consumer<JsonNode>> listeners;
    private final AtomicLong ids = new AtomicLong();
    // A WebSocket refuses a send while the previous one is still going out.
    private final ReentrantLock sending = new ReentrantLock();

    private DevTools(HttpClient client, WebSocket socket, Duration timeout, Map<Long, Pending> replies,
            List<Consumer<JsonNode>> listeners) {
        this.client = client;
        this.socket = socket;
        this.timeout = timeout;
        this.replies = replies;
        this.listeners = listeners;
    }

    /** Connects to {@code endpoint} (a {@code ws://} URL), waiting at most {@code timeout} for it and for each reply later. */
    static DevTools connect(URI endpoint, Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        Map<Long, Pending> replies = new ConcurrentHashMap<>();
        List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
        try {
            WebSocket socket = client.newWebSocketBuilder().connectTimeout(timeout)
                    .buildAsync(endpoint, new Receiver(replies, listeners)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new DevTools(client, socket, timeout, replies, listeners);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting to Chromium's DevTools at " + endpoint, e);
        } catch (ExecutionException | TimeoutException e) {
            client.close();
            throw new IllegalStateException("cannot connect to Chromium's DevTools at " + endpoint + " within "
                    + timeout.toSeconds() + " s (expected: the WebSocket endpoint that DevToolsActivePort names)", e);
        }
    }

    /** Sends {@code method} to the browser and returns its {@code result}. */
    JsonNode call(String method, Map<String, ?> params) {
        return send(JSON.createObjectNode(), method, params);
    }

    /** Sends {@code method} to the page attached as {@code sessionId} and returns its {@code result}. */
    JsonNode call(String sessionId, String method, Map<String, ?> params) {
        return send(JSON.createObjectNode().put("sessionId", sessionId), method, params);
    }

    /** Calls {@code listener} with every event (a message with a {@code method} and no {@code id}) from now on. */
    void onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    private JsonNode send(ObjectNode message, String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        message.put("id", id).put("method", method).set("params", JSON.valueToTree(params));
        var reply = new CompletableFuture<JsonNode>();
        replies.put(id, new Pending(method, reply));
        try {
            sending.lock();
            try {
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                sending.unlock();
            }
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Chromium to answer " + method, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(method + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + method + " within " + timeout.toSeconds() + " s", e);
        } finally {
            replies.remove(id);
        }
    }

    @Override
    public void close() {
        socket.abort();
        client.close();
    }

    /** A command waiting for its reply. */
    private record Pending(String method, CompletableFuture<JsonNode> reply) {}

    /** Turns incoming messages into replies and events. */
    private static final class Receiver implements WebSocket.Listener {
        private final Map<Long, Pending> replies;
        private final List<Consumer<JsonNode>> listeners;
        // Confined to the WebSocket's receiving side, which delivers one part at a time: the parts so far.
        private final StringBuilder message = new StringBuilder();

        Receiver(Map<Long, Pending> replies, List<Consumer<JsonNode>> listeners) {
            this.replies = replies;
            this.listeners = listeners;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                dispatch(JSON.readTree(message.toString()));
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(JsonNode message) {
            if (message.has("id")) {
                Pending pending = replies.get(message.get("id").asLong());
                if (pending == null) {
                    return;
                }
                if (message.has("error")) {
                    pending.reply().completeExceptionally(new IllegalStateException(
                            pending.method() + ": " + message.get("error").path("message").asString()));
                } else {
                    pending.reply().complete(message.path("result"));
                }
                return;
            }
            listeners.forEach(listener -> listener.accept(message));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IllegalStateException("Chromium closed the DevTools connection (" + statusCode + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(new IllegalStateException("the DevTools connection failed: " + error, error));
        }

        private void failAll(Exception cause) {
            replies.values().forEach(pending -> pending.reply().completeExceptionally(cause));
        }
    }
}
