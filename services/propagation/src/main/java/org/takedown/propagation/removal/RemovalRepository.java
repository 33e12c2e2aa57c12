package org.takedown.propagation.removal;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class RemovalRepository implements PanacheRepositoryBase<Removal, Long> {

    /** A transaction-scoped advisory lock that serialises writers, so ids commit in order. */
    private static final long WRITE_LOCK = 0x7a6b_0001L;

    public void lockForWriting() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, WRITE_LOCK).getSingleResult();
    }

    public List<Removal> after(long cursor, int limit) {
        return find("id > ?1 order by id", cursor).page(0, limit).list();
    }

    /** Which of these normalised URLs were ever removed. */
    public Set<String> removedAmong(Collection<String> urls) {
        if (urls.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(getEntityManager()
                .createQuery("SELECT DISTINCT r.url FROM Removal r WHERE r.url IN :urls", String.class)
                .setParameter("urls", urls)
                .getResultList());
    }
}
