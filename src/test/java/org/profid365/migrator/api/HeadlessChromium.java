package org.profid365.migrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven through the DevTools protocol over java.net.http's WebSocket: navigate,
 * evaluate, wait for a condition, click and type as a user would (mouse and keyboard events, not DOM calls).
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<JsonNode>>> waiters = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary: {@code CHROMIUM_BIN}, else chromium, chromium-browser or google-chrome on the PATH. */
    static Optional<Path> binary() {
        String given = System.getenv("CHROMIUM_BIN");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank())
                .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }

    static HeadlessChromium launch(Path binary, Path profile) throws Exception {
        Files.createDirectories(profile);
        // the flags of a closed network: no background fetches, no sync, no component updates
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--window-size=1280,2000", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile.toAbsolutePath(), "about:blank");
        pb.redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
        Process process = pb.start();
        try {
            int port = devToolsPort(process, profile);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pageSocket == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(COMMAND_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        pageSocket = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Chromium opened no page: " + targets);
                    }
                    Thread.sleep(100);
                }
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            Listener listener = new Listener(self);
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(COMMAND_TIMEOUT).buildAsync(URI.create(pageSocket), listener)
                    .get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, ws);
            self[0].send("Page.enable", Map.of());
            self[0].send("Runtime.enable", Map.of());
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Chromium writes the port it chose to DevToolsActivePort in its profile once it listens. */
    private static int devToolsPort(Process process, Path profile) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium did not open its DevTools port within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        socket.sendText(JSON.writeValueAsString(msg), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = result.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** A future completed by the next event of this name. */
    CompletableFuture<JsonNode> next(String event) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        waiters.computeIfAbsent(event, k -> Collections.synchronizedList(new ArrayList<>())).add(f);
        return f;
    }

    void navigate(String url) throws Exception {
        CompletableFuture<JsonNode> loaded = next("Page.loadEventFired");
        send("Page.navigate", Map.of("url", url));
        loaded.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Evaluates JavaScript in the page (promises awaited) and returns its value. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + r.path("exceptionDetails").path("exception").path("description")
                    .asText(r.path("exceptionDetails").toString()) + " in: " + expression);
        }
        return r.path("result").path("value");
    }

    /** Waits until the expression is true in the page; names what was awaited when it never is. */
    void waitFor(String condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eval("!!(" + condition + ")").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; page says: "
                        + eval("document.body.innerText.substring(0, 3000)").asText() + "\nbrowser problems: " + problems());
            }
            Thread.sleep(100);
        }
    }

    /** Clicks the middle of the element as a mouse would, once it is visible and enabled. */
    void click(String selector) throws Exception {
        String q = "document.querySelector(" + JSON.writeValueAsString(selector) + ")";
        waitFor(q + " && !" + q + ".disabled && " + q + ".getClientRects().length > 0", Duration.ofSeconds(20),
                selector + " to be visible and enabled");
        eval(q + ".scrollIntoView({block: 'center'})");
        JsonNode box = eval("(() => { const r = " + q + ".getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        double x = box.path("x").asDouble();
        double y = box.path("y").asDouble();
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
        send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
        send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
    }

    /** Types text into the element as a keyboard would. */
    void type(String selector, String text) throws Exception {
        click(selector);
        send("Input.insertText", Map.of("text", text));
    }

    void pressEnter() throws Exception {
        Map<String, Object> key = Map.of("key", "Enter", "code", "Enter", "windowsVirtualKeyCode", 13, "text", "\r");
        send("Input.dispatchKeyEvent", merge(key, "type", "keyDown"));
        send("Input.dispatchKeyEvent", merge(key, "type", "keyUp"));
    }

    void screenshot(Path file) {
        try {
            JsonNode shot = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        } catch (Exception e) {
            problems.add("no screenshot: " + e.getMessage());
        }
    }

    /** Script errors and console errors the page had. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private static Map<String, Object> merge(Map<String, Object> a, String k, Object v) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(a);
        m.put(k, v);
        return m;
    }

    private void onMessage(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.path("id").asLong());
            if (f != null) {
                f.complete(msg);
            }
            return;
        }
        String method = msg.path("method").asText();
        if (method.equals("Runtime.exceptionThrown")) {
            problems.add("exception: " + msg.path("params").path("exceptionDetails").path("exception").path("description")
                    .asText(msg.path("params").path("exceptionDetails").path("text").asText()));
        } else if (method.equals("Runtime.consoleAPICalled") && "error".equals(msg.path("params").path("type").asText())) {
            problems.add("console.error: " + msg.path("params").path("args"));
        }
        List<CompletableFuture<JsonNode>> ws = waiters.remove(method);
        if (ws != null) {
            ws.forEach(f -> f.complete(msg.path("params")));
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reassembles WebSocket frames into DevTools messages. */
    private static final class Listener implements WebSocket.Listener {
        private final HeadlessChromium[] owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(HeadlessChromium[] owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (owner[0] != null) { // before the first command nothing was asked, and no event is needed
                    owner[0].onMessage(text);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
