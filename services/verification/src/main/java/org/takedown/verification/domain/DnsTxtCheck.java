package org.takedown.verification.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.takedown.verification.domain.CheckResult.Method;
import org.takedown.verification.domain.CheckResult.Result;

/** Looks for {@code takedown-verification=<token>} in the TXT records of {@code _takedown-verification.<domain>}. */
@ApplicationScoped
public class DnsTxtCheck {

    static final String VALUE_PREFIX = "takedown-verification=";

    private final TxtResolver resolver;
    private final DomainProofConfig config;

    DnsTxtCheck(TxtResolver resolver, DomainProofConfig config) {
        this.resolver = resolver;
        this.config = config;
    }

    public String recordName(String domain) {
        return config.dnsRecordPrefix() + "." + domain;
    }

    public static String recordValue(String token) {
        return VALUE_PREFIX + token;
    }

    public CheckResult check(String domain, String token) {
        String name = recordName(domain);
        List<String> values;
        try {
            values = resolver.lookup(name, config.dnsTimeout());
        } catch (TxtResolver.TimeoutException e) {
            return result(Result.TIMEOUT, e.getMessage());
        } catch (TxtResolver.LookupException e) {
            return result(Result.UNREACHABLE, e.getMessage());
        }
        if (values.isEmpty()) {
            return result(Result.NOT_FOUND, "no TXT record at " + name);
        }
        String expected = recordValue(token);
        return values.stream().map(String::strip).anyMatch(expected::equals)
                ? result(Result.PROVEN, "TXT record at " + name + " carries the token")
                : result(Result.TOKEN_MISMATCH, "TXT records at " + name + " do not carry the token of this request");
    }

    private static CheckResult result(Result result, String detail) {
        return new CheckResult(Method.DNS_TXT, result, detail);
    }
}
