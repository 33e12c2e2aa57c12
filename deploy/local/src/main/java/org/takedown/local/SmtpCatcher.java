package org.takedown.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The dev stack's SMTP catcher: a real SMTP server (GreenMail) that delivers nothing and keeps every
 * message, so intake's confirmation e-mails can be read — at {@code GET /messages} on its HTTP port
 * (JSON: to, subject, received, text) or through {@link #messages()}.
 */
public final class SmtpCatcher implements AutoCloseable {

    /** One caught message. */
    public record Message(List<String> to, String subject, Instant receivedAt, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final GreenMail smtp;
    private final HttpServer http;
    private final Map<MimeMessage, Message> decoded = new IdentityHashMap<>();

    private SmtpCatcher(GreenMail smtp, HttpServer http) {
        this.smtp = smtp;
        this.http = http;
    }

    public static SmtpCatcher start(int smtpPort, int httpPort) {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 0);
        } catch (IOException e) {
            smtp.stop();
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + httpPort + " for the SMTP catcher's API", e);
        }
        SmtpCatcher catcher = new SmtpCatcher(smtp, http);
        http.createContext("/messages", exchange -> {
            byte[] body = JSON.writeValueAsBytes(catcher.messages());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return catcher;
    }

    public int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    /** {@code http://127.0.0.1:<port>/messages} */
    public String messagesUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/messages";
    }

    /** Everything received so far, oldest first. */
    public List<Message> messages() {
        MimeMessage[] received = smtp.getReceivedMessages();
        synchronized (decoded) {
            // Decoded once each: a benchmark reading thousands of confirmation mails polls this often.
            return Arrays.stream(received).map(mime -> decoded.computeIfAbsent(mime, SmtpCatcher::message)).toList();
        }
    }

    private static Message message(MimeMessage mime) {
        try {
            Address[] recipients = mime.getAllRecipients();
            List<String> to = recipients == null ? List.of() : Arrays.stream(recipients).map(Address::toString).toList();
            Instant received = mime.getReceivedDate() != null ? mime.getReceivedDate().toInstant()
                    : mime.getSentDate() != null ? mime.getSentDate().toInstant() : null;
            return new Message(to, mime.getSubject(), received, GreenMailUtil.getBody(mime));
        } catch (MessagingException e) {
            return new Message(List.of(), "(unreadable: " + e.getMessage() + ")", null, "");
        }
    }

    @Override
    public void close() {
        http.stop(0);
        smtp.stop();
    }

    static String describe(SmtpCatcher catcher) {
        return "smtp://127.0.0.1:" + catcher.smtpPort() + "   (read: " + catcher.messagesUrl() + ")";
    }
}
