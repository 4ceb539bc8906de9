package org.tracerelay.export.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps at most {@code cap} bytes of a response body. Once the backend sends more, it cancels the
 * subscription (the client drops the connection) and completes with what it kept, marked
 * truncated: a hostile or broken backend cannot make the relay buffer an unbounded answer.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBodySubscriber.Body> {

    /** The first bytes of a body; {@code truncated} when the backend had more to send. */
    record Body(byte[] bytes, boolean truncated) {
    }

    private final int cap;
    private final ByteArrayOutputStream kept;
    private final CompletableFuture<Body> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBodySubscriber(int cap) {
        this.cap = cap;
        this.kept = new ByteArrayOutputStream(Math.min(cap, 8192));
    }

    static HttpResponse.BodyHandler<Body> handler(int cap) {
        return info -> new CappedBodySubscriber(cap);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        // One list of buffers at a time: nothing piles up in the client beyond what we keep.
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return; // signals may still arrive after cancel
        }
        for (ByteBuffer b : buffers) {
            int take = Math.min(cap - kept.size(), b.remaining());
            byte[] chunk = new byte[take];
            b.get(chunk);
            kept.write(chunk, 0, take);
            if (b.hasRemaining()) {
                subscription.cancel();
                body.complete(new Body(kept.toByteArray(), true));
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(new Body(kept.toByteArray(), false));
    }

    @Override
    public CompletionStage<Body> getBody() {
        return body;
    }
}
