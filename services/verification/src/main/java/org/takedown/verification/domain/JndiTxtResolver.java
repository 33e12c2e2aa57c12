package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/** TXT lookups through the JDK's JNDI DNS provider and the system's resolvers. */
@ApplicationScoped
public class JndiTxtResolver implements TxtResolver {

    @Override
    public List<String> lookup(String name, Duration timeout) throws TimeoutException, LookupException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", String.valueOf(Math.max(1, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = null;
        try {
            context = new InitialDirContext(env);
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
            throw new LookupException("DNS lookup of " + name + " failed: " + e.getClass().getSimpleName());
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

    /** JNDI renders a record of several character-strings as {@code "a" "b"}: join them. */
    static String unquote(String raw) {
        String value = raw.strip();
        if (!value.startsWith("\"")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (String part : value.split("\"\\s*\"")) {
            out.append(part.replace("\"", ""));
        }
        return out.toString();
    }
}
