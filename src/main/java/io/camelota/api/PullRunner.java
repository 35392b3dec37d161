package io.camelota.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Runs a POST /update?url= attempt (route pull-attempt) as an exchange of its own, on a thread of
 * its own, and lets the API request answer as soon as the attempt is decided.
 * Why: platform-http-vertx completes its exchange on the Vert.x event loop, so anything the
 * attempt left to its completion (camel-http closing the update server's response) would run
 * there and freeze every endpoint; in an exchange of its own, that completion runs on the pull
 * thread after the API has answered.
 */
public final class PullRunner {

    /** Exchange property of the attempt: completed by {@link #decided} when its outcome is known. */
    static final String DECIDED = "otaPullDecided";

    /** Variables the API request passes to the attempt (routes/install.yaml reads them). */
    private static final String[] PASSED = {"ota_commit_timeout", "ota_ignore_same_version"};

    private final CamelContext context;
    private final ExecutorService executor;
    private volatile ProducerTemplate template;

    public PullRunner(CamelContext context, ExecutorService executor) {
        this.context = context;
        this.executor = executor;
    }

    /** Starts the attempt for the body's URL and waits until it is decided; copies ota_started back. */
    public void run(Exchange request) throws InterruptedException, ExecutionException {
        Exchange attempt = new DefaultExchange(context);
        attempt.getMessage().setBody(request.getMessage().getBody(String.class));
        for (String name : PASSED) {
            Object v = request.getVariable(name);
            if (v != null) {
                attempt.setVariable(name, v);
            }
        }
        CompletableFuture<Void> decided = new CompletableFuture<>();
        attempt.setProperty(DECIDED, decided);
        executor.execute(() -> {
            try {
                template().send("direct:ota-pull-attempt", attempt);
            } catch (RuntimeException e) {
                decided.completeExceptionally(e);
            } finally {
                decided.complete(null);
            }
        });
        decided.get();
        request.setVariable("ota_started", attempt.getVariable("ota_started"));
    }

    /** The last step of route pull-attempt: wakes the waiting API request. */
    public void decided(Exchange attempt) {
        CompletableFuture<?> f = attempt.getProperty(DECIDED, CompletableFuture.class);
        if (f != null) {
            f.complete(null);
        }
    }

    private ProducerTemplate template() {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                t = template;
            }
        }
        return t;
    }
}
