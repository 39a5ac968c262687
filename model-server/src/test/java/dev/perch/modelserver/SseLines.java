package dev.perch.modelserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** An SSE client for tests: collects the lines of one event stream as they arrive. */
final class SseLines implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final Thread reader;

    private SseLines(String url) {
        HttpClient client = HttpClient.newHttpClient();
        response =
                client.sendAsync(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        reader =
                new Thread(
                        () -> {
                            try {
                                response.join().body().forEach(lines::add);
                            } catch (RuntimeException e) {
                                // the stream ends when the test closes it or the server stops
                            }
                        },
                        "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static SseLines open(String url) {
        return new SseLines(url);
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        response.cancel(true);
        reader.interrupt();
    }
}
