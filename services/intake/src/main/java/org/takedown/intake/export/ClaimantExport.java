package org.takedown.intake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;
import org.takedown.intake.access.ClaimantAccess;
import org.takedown.intake.api.RequestView;
import org.takedown.intake.crypto.PersonalDataCipher;
import org.takedown.intake.dialogue.ClaimantReply;
import org.takedown.intake.dialogue.ClaimantReplyRepository;
import org.takedown.intake.dialogue.RequestMessage;
import org.takedown.intake.dialogue.RequestMessageRepository;
import org.takedown.intake.email.ClaimantMail;
import org.takedown.intake.email.ClaimantMailRepository;
import org.takedown.intake.evidence.EvidenceAccessLog;
import org.takedown.intake.evidence.EvidenceImage;
import org.takedown.intake.evidence.EvidenceImageRepository;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;

/**
 * Everything intake holds about one request, for its claimant (GDPR Art. 15): a ZIP with
 * {@code request.json} (request, contact data, statements, targets, timeline, messages, replies,
 * e-mails, who read the evidence) and the evidence images as {@code evidence/<n>.jpg|png|webp} (as stored). The download
 * itself is written to the evidence access log, with the actor {@value EvidenceAccessLog#CLAIMANT}.
 */
@ApplicationScoped
public class ClaimantExport {

    private static final Logger LOG = Logger.getLogger(ClaimantExport.class);

    public record Archive(UUID requestId, byte[] zip) {

        public String fileName() {
            return "takedown-request-" + requestId + ".zip";
        }
    }

    private final ClaimantAccess access;
    private final PersonalDataCipher cipher;
    private final EvidenceImageRepository images;
    private final RequestMessageRepository messages;
    private final ClaimantReplyRepository replies;
    private final ClaimantMailRepository mails;
    private final EvidenceAccessLog log;
    private final ClaimantTexts texts;
    private final ObjectMapper json;

    ClaimantExport(ClaimantAccess access, PersonalDataCipher cipher, EvidenceImageRepository images,
            RequestMessageRepository messages, ClaimantReplyRepository replies, ClaimantMailRepository mails,
            EvidenceAccessLog log, ClaimantTexts texts, ObjectMapper json) {
        this.access = access;
        this.cipher = cipher;
        this.images = images;
        this.messages = messages;
        this.replies = replies;
        this.mails = mails;
        this.log = log;
        this.texts = texts;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Transactional
    public Archive export(String id, String token, Optional<InetAddress> client) {
        TakedownRequest request = access.open(id, token, client);
        log.recordClaimant(EvidenceAccessLog.Action.EXPORTED, request.id, "claimant's own export (GDPR Art. 15)");
        List<EvidenceImage> evidence = images.list("requestId = ?1 order by position", request.id);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("request.json"));
            zip.write(json.writeValueAsBytes(describe(request, evidence)));
            zip.closeEntry();
            for (EvidenceImage image : evidence) {
                zip.putNextEntry(new ZipEntry(fileOf(image)));
                zip.write(cipher.openBytes(image.imageSealed, image.keyId, request.id));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export of request " + request.id, e);
        }
        LOG.infof("request %s: exported for its claimant (%d images)", request.id, evidence.size());
        return new Archive(request.id, bytes.toByteArray());
    }

    private Map<String, Object> describe(TakedownRequest request, List<EvidenceImage> evidence) {
        RequestView view = RequestView.of(request, texts.of(request));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exportedAt", Instant.now());
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("id", request.id);
        about.put("claimType", request.claimType.name());
        about.put("status", request.status.name());
        about.put("explanation", view.explanation());
        about.put("createdAt", request.createdAt);
        about.put("updatedAt", request.updatedAt);
        about.put("emailConfirmedAt", request.emailConfirmedAt);
        about.put("answerDueAt", request.answerDueAt);
        about.put("closedAt", request.closedAt);
        about.put("personalDataErasedAt", request.personalDataErasedAt);
        about.put("country", request.country);
        about.put("actingFor", request.actingFor);
        about.put("claimantRef", request.claimantRef);
        out.put("request", about);
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", open(request, request.emailSealed));
        contact.put("name", open(request, request.nameSealed));
        out.put("contact", contact);
        out.put("statements", statements(request));
        Map<String, Object> targets = new LinkedHashMap<>();
        targets.put("imageUrls", request.targetValues(RequestTarget.Kind.IMAGE_URL));
        targets.put("domains", request.targetValues(RequestTarget.Kind.DOMAIN));
        targets.put("textQueries", request.targets.stream().filter(t -> t.kind == RequestTarget.Kind.TEXT_QUERY)
                .map(t -> open(request, t.valueSealed)).toList());
        out.put("targets", targets);
        out.put("timeline", view.timeline());
        out.put("messages", messages.allOf(request.id).stream().map(m -> message(request, m)).toList());
        out.put("replies", replies.allOf(request.id).stream().map(r -> reply(request, r)).toList());
        out.put("emails", mails.list("requestId = ?1 order by createdAt", request.id).stream()
                .map(m -> mail(request, m)).toList());
        List<Map<String, Object>> files = new ArrayList<>();
        for (EvidenceImage image : evidence) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("id", image.id);
            file.put("file", fileOf(image));
            file.put("width", image.width);
            file.put("height", image.height);
            file.put("sha256", HexFormat.of().formatHex(image.sha256));
            file.put("receivedAt", image.createdAt);
            files.add(file);
        }
        out.put("evidenceImages", files);
        out.put("evidenceAccessLog", log.search(request.id, 1000));
        return out;
    }

    private JsonNode statements(TakedownRequest request) {
        String sealed = open(request, request.statementsSealed);
        try {
            return sealed == null ? null : json.readTree(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> message(TakedownRequest request, RequestMessage message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", message.id);
        out.put("kind", message.kind.name());
        out.put("text", cipher.open(message.textSealed, message.keyId, request.id));
        out.put("at", message.createdAt);
        return out;
    }

    private Map<String, Object> reply(TakedownRequest request, ClaimantReply reply) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("replyId", reply.id);
        out.put("kind", reply.kind.name());
        out.put("text", cipher.open(reply.textSealed, reply.keyId, request.id));
        out.put("receivedAt", reply.receivedAt);
        return out;
    }

    private Map<String, Object> mail(TakedownRequest request, ClaimantMail mail) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", mail.kind.name());
        out.put("subject", mail.kind == ClaimantMail.Kind.CONFIRM_ADDRESS ? "Please confirm your e-mail address" : mail.subject);
        out.put("queuedAt", mail.createdAt);
        out.put("sentAt", mail.sentAt);
        // The confirmation link's code is kept only as a hash: the text of that mail cannot be given back.
        out.put("text", mail.bodySealed == null ? null : cipher.open(mail.bodySealed, mail.keyId, request.id));
        return out;
    }

    private String open(TakedownRequest request, byte[] sealed) {
        return sealed == null ? null : cipher.open(sealed, request.keyId, request.id);
    }

    private static String fileOf(EvidenceImage image) {
        return "evidence/" + (image.position + 1) + "." + image.storedType.extension();
    }
}
