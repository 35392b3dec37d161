package io.camelota.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.camelota.boot.OwnerOnly;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Vert.x-web's body handler with spool files that are 0600 whatever the umask. Vert.x opens each
 * upload's spool file with default options, so the process umask decides its mode (0666 under
 * umask 000), and Java cannot set the umask. The body handler is left to do all its work (limits,
 * form attributes, clean-up); it only sees a request whose uploads, when told to stream to a file,
 * find that file already created by the agent with mode 0600 (Vert.x opens an existing file as is).
 * The spool folder is re-created 0700 if it went missing.
 */
final class OwnerOnlyUploads implements Handler<RoutingContext> {

    private final Handler<RoutingContext> bodyHandler;
    private final Path uploads;

    OwnerOnlyUploads(Handler<RoutingContext> bodyHandler, Path uploads) {
        this.bodyHandler = bodyHandler;
        this.uploads = uploads;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!(ctx instanceof RoutingContextInternal internal)
                || !(ctx.request() instanceof HttpServerRequestInternal request)) {
            bodyHandler.handle(ctx);                    // not Vert.x-web's own context: nothing to hook
            return;
        }
        try {
            if (!Files.isDirectory(uploads)) {
                OwnerOnly.createDirectories(uploads);
            }
        } catch (IOException e) {
            ctx.fail(500, e);
            return;
        }
        HttpServerRequest wrapped = new OwnerOnlyRequest(request);
        bodyHandler.handle(withRequest(internal, wrapped));
    }

    /** The same context, everything delegated, but {@code request()} answers the wrapped request. */
    private static RoutingContext withRequest(RoutingContextInternal ctx, HttpServerRequest request) {
        InvocationHandler h = (proxy, m, args) -> m.getName().equals("request") && m.getParameterCount() == 0
                ? request : invoke(m, ctx, args);
        return (RoutingContext) Proxy.newProxyInstance(OwnerOnlyUploads.class.getClassLoader(),
                new Class<?>[] {RoutingContextInternal.class}, h);
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Creates {@code file} 0600 (the umask can only narrow a mode given at creation; it is set again after). */
    static void createOwnerOnly(String file) {
        Path p = Path.of(file);
        try {
            Files.createFile(p, OwnerOnly.file());
        } catch (FileAlreadyExistsException e) {
            // a random name that exists already: Vert.x would write into it anyway; it is narrowed below
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            OwnerOnly.restrictFile(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request as the body handler sees it: each upload it is given pre-creates its spool file. */
    private static final class OwnerOnlyRequest extends HttpServerRequestWrapper {
        OwnerOnlyRequest(HttpServerRequestInternal delegate) {
            super(delegate);
        }

        @Override
        public HttpServerRequest uploadHandler(Handler<HttpServerFileUpload> handler) {
            delegate.uploadHandler(handler == null ? null : upload -> handler.handle(ownerOnly(upload)));
            return this;
        }
    }

    private static HttpServerFileUpload ownerOnly(HttpServerFileUpload upload) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("streamToFileSystem") && args != null && args.length >= 1 && args[0] instanceof String f) {
                createOwnerOnly(f);
            }
            return invoke(m, upload, args);
        };
        return (HttpServerFileUpload) Proxy.newProxyInstance(OwnerOnlyUploads.class.getClassLoader(),
                new Class<?>[] {HttpServerFileUpload.class}, h);
    }
}
