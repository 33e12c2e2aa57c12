package org.takedown.matching.hash;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.takedown.web.security.Roles;
import org.takedown.web.Problem;
import org.takedown.web.ProblemException;

/**
 * PDQ hashes of an uploaded image, like Meta's HMA. The image is held only for the request (the
 * upload file is deleted when it ends) and never logged.
 */
@Path("/api/v1/hashes")
@RolesAllowed({ Roles.REVIEWER, Roles.ADMIN, Roles.VENDOR, Roles.SERVICE })
public class HashResource {

    private final ImageHashing hashing;

    public HashResource(HashingConfig config) {
        this.hashing = new ImageHashing(config.maxImageBytes(), config.maxPixels());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public PdqHashDocument hash(@RestForm("image") FileUpload image) {
        if (image == null || image.uploadedFile() == null) {
            throw ProblemException.invalidField("image", "a multipart part named \"image\" with the image file is required");
        }
        try {
            hashing.checkSize(image.size());
            return hashing.hash(Files.readAllBytes(image.uploadedFile()));
        } catch (ImageRejectedException e) {
            throw problem(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problem+json answer for an image that cannot be hashed (shared with the public image search). */
    public static ProblemException problem(ImageRejectedException e) {
        List<Problem.FieldError> field = List.of(new Problem.FieldError("image", e.getMessage()));
        return switch (e.reason()) {
            case EMPTY -> new ProblemException(400, "empty-image", "The image is empty", e.getMessage(), field);
            case DAMAGED -> new ProblemException(400, "damaged-image", "The image cannot be decoded", e.getMessage(), field);
            case TOO_LARGE -> new ProblemException(413, "image-too-large", "The image is too large", e.getMessage(), field);
            case TOO_MANY_PIXELS -> new ProblemException(413, "image-too-many-pixels", "The image has too many pixels",
                    e.getMessage(), field);
            case UNSUPPORTED_TYPE -> new ProblemException(415, "unsupported-image-type", "The image type is not supported",
                    e.getMessage(), field);
        };
    }
}
