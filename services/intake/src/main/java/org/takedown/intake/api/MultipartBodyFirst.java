package org.takedown.intake.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Receives a multipart submission completely, on the event loop, before Quarkus REST hands the request
 * to a worker thread.
 *
 * <p>HTTP/1.1 only (see the handler). Quarkus REST parses the form of a blocking endpoint on the worker it dispatched the request to: the
 * worker waits for the bytes of the upload as they arrive, and under load the pool ran out of workers
 * that were only waiting for the network (docs/benchmarks.md, issue 4). When the routing context already
 * holds a parsed form, Quarkus REST uses it instead of reading the body, so this route parses it first,
 * without blocking (uploads go to temporary files, deleted when the request ends). Limits are the same as
 * Quarkus REST's: {@code quarkus.http.limits.max-body-size}, and each form attribute is held to
 * {@code quarkus.http.limits.max-form-attribute-size} by Vert.x.
 */
@ApplicationScoped
public class MultipartBodyFirst {

    static final String SUBMISSIONS = "/api/v1/requests";

    private final long maxBodyBytes;
    private final String uploadsDirectory;

    MultipartBodyFirst(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.uploadsDirectory = Path.of(System.getProperty("java.io.tmpdir"), "takedown-intake-uploads").toString();
    }

    void route(@Observes Router router) {
        BodyHandler body = BodyHandler.create(uploadsDirectory)
                .setBodyLimit(maxBodyBytes)
                .setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false);
        // After authentication and the upload limit, before Quarkus REST (ROUTE_ORDER_DEFAULT).
        router.route(HttpMethod.POST, SUBMISSIONS).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(context -> {
            String type = context.request().getHeader("Content-Type");
            // Not on HTTP/2: Quarkus REST pauses the request when it takes it over, and Vert.x refuses to pause an
            // HTTP/2 stream that has ended (IllegalStateException "Request has already been read"). HTTP/2 uploads
            // are read by Quarkus REST as before (larger flow-control windows in application.properties).
            if (type != null && context.request().version() != HttpVersion.HTTP_2
                    && type.regionMatches(true, 0, "multipart/form-data", 0, "multipart/form-data".length())) {
                body.handle(context);
            } else {
                context.next();
            }
        });
    }
}
