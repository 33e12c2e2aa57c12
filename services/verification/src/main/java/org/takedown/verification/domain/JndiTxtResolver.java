package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * TXT lookups through the JDK's JNDI DNS provider: the system's resolvers, or the one named by
 * {@code takedown.verification.dns.server} ({@code host:port}), e.g. a resolver that sees only the
 * public internet.
 */
@ApplicationScoped
public class JndiTxtResolver implements TxtResolver {

    private final Optional<String> server;

    @Inject
    public JndiTxtResolver(@ConfigProperty(name = "takedown.verification.dns.server") Optional<String> server) {
        this.server = server;
    }

    @Override
    public List<String> lookup(String name, Duration timeout) throws TimeoutException, LookupException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        server.ifPresent(address -> env.put("java.naming.provider.url", "dns://" + address));
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = null;
        try {
            context = openContext(env);
            Attributes attributes = context.getAttributes(name, new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            List<String> values = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> all = txt.getAll();
                while (all.hasMore()) {
                    values.add(unquote(String.valueOf(all.next())));
                }
            }
            return values;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (CommunicationException e) {
            throw new TimeoutException("DNS did not answer for " + name + " within " + timeout);
        } catch (NamingException e) {
            throw new LookupException("DNS lookup of " + name + " failed: " + e.getClass().getSimpleName() + " " + e.getExplanation());
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    /**
     * JNDI finds its DNS provider through the thread's context class loader, which on a pooled
     * thread may be a class loader already closed (a stopped application, in tests); the JDK's own
     * loader always has it.
     */
    private static DirContext openContext(Hashtable<String, String> env) throws NamingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JndiTxtResolver.class.getClassLoader());
        try {
            return new InitialDirContext(env);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * JNDI renders a record of several character-strings as space-separated tokens, quoting those
     * that contain blanks ({@code a b}, {@code "a" "b"}, {@code "a b" c}); the strings of one record
     * are joined without separator, as RFC 7208 does for SPF.
     */
    static String unquote(String raw) {
        String value = raw.strip();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                int close = value.indexOf('"', i + 1);
                int end = close < 0 ? value.length() : close;
                out.append(value, i + 1, end);
                i = end + 1;
            } else {
                int space = value.indexOf(' ', i);
                int end = space < 0 ? value.length() : space;
                out.append(value, i, end);
                i = end;
            }
        }
        return out.toString();
    }
}
