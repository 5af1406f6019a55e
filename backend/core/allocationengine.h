#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "core/leasetable.h"

#include <QHash>
#include <QList>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace leasedesk {

// A client as RFC 2131 §4.2 identifies it: by its client identifier (option 61) when it sends
// one, compared octet for octet (RFC 6842), else by its hardware address.
struct ClientIdentity
{
    QByteArray clientId;
    QByteArray hardwareAddress;

    // The lease key: client-id when present, else the hardware address.
    QByteArray key() const;
    QString describe() const; // "02:00:00:00:00:01" or "client-id 01:02:…"
    static ClientIdentity ofLease(const Lease &lease)
    {
        return {lease.clientId, lease.hardwareAddress};
    }
    bool operator==(const ClientIdentity &) const = default;
};

// Where an address came from, for the packet log ("offered 198.18.1.5 (reservation)").
enum class AllocationSource : quint8 { Reservation, Current, Previous, Requested, Free };
QString allocationSourceName(AllocationSource s);
// "offered (a free address)": the detail of an offer's lease.
QString offeredDetail(AllocationSource s);

struct Allocation
{
    Ipv4Address address;
    AllocationSource source = AllocationSource::Free;
    const Reservation *reservation = nullptr; // set for reserved addresses
};

// Every lease LeaseDesk knows, indexed for the server logic, and the free addresses of every
// scope. Choosing an address never scans a pool: never-used addresses come from a cursor that
// walks each scope's ranges once, and addresses that become free again wait in a queue,
// oldest first, so a /16 allocates as fast as a /24 (issue 4).
//
// Lease states are read lazily against the clock: an offer past its hold, a binding past its
// end and a quarantine past its end count as free at once; expire() turns them into stored
// state changes and feeds the free queue.
class AllocationEngine
{
public:
    // clientHashBits narrows the client index's hash: tests make clients share hashes so that
    // the overflow path runs (the server keeps all 64 bits).
    explicit AllocationEngine(int clientHashBits = 64);
    ~AllocationEngine();

    // Rebuilds the pools for a new configuration; leases are kept. Leases that no longer fit
    // a scope are left alone and refused at renewal.
    void setConfiguration(const Configuration &config);
    void loadLeases(const QList<Lease> &leases);

    const Lease *lease(Ipv4Address address) const;
    // The client's lease in the scope (any state), if any.
    const Lease *leaseOf(const QString &scope, const ClientIdentity &client) const;
    const Reservation *reservationFor(const Scope &scope, const ClientIdentity &client) const;
    // The reservation holding this address in the scope, enabled ones only.
    const Reservation *reservationAt(const Scope &scope, Ipv4Address address) const;

    // RFC 2131 §4.3.1 order: reservation → current binding → previous address → requested
    // address → a free one. Empty with a reason when nothing can be given.
    std::optional<Allocation> choose(const Scope &scope, const ClientIdentity &client,
                                     std::optional<Ipv4Address> requested, qint64 nowS,
                                     QString *whyNot);

    // May this client have this address in this scope right now? (REQUEST, INIT-REBOOT.)
    // Reserved addresses only for their owner; dynamic addresses only when free or already
    // the client's.
    bool mayHave(const Scope &scope, const ClientIdentity &client, Ipv4Address address, qint64 nowS,
                 QString *whyNot) const;

    // Records a lease (offer, binding, release, decline, conflict) and returns the history
    // entry for it. The caller commits both to the store.
    LeaseHistoryEntry record(const Lease &lease, const QString &reason, qint64 nowS);

    // Removes the lease of an address and puts the address back in its pool (an admin
    // reclaiming a quarantined address). The history entry is for the store; nullopt when
    // there is no lease.
    std::optional<LeaseHistoryEntry> forget(Ipv4Address address, const QString &reason,
                                            qint64 nowS);
    // An address choose() returned but that was not offered after all, or a reclaimed one,
    // becomes free again at once.
    void giveBack(Ipv4Address address, const QString &scope);
    // Inside the scope's ranges and not excluded.
    bool isDynamic(const QString &scope, Ipv4Address address) const;

    // Turns every lease whose time has come into its next state: offers and ended quarantines
    // are forgotten, bindings become expired. Returns the changes to commit.
    struct Expiry
    {
        QList<Lease> changed;
        QList<Ipv4Address> removed;
        QList<LeaseHistoryEntry> history;
    };
    Expiry expire(qint64 nowS);
    // What choose() expired on its own when a pool ran dry; the caller commits it.
    Expiry takeUnsavedExpiry();

    // The lease's state as of now: Offered past its end is gone (nullopt), Bound past its end
    // is Expired, Declined/Conflict past the quarantine is gone.
    static std::optional<LeaseState> effectiveState(const Lease &lease, qint64 nowS);

    qsizetype leaseCount() const { return m_leases.size(); }
    // Every lease, in no particular order, without copying them (the statistics sampler
    // counts them every interval).
    template<typename F> void forEachLease(F &&f) const { m_leases.forEach(f); }
    // The scope's ranges minus its exclusions, sorted and disjoint; empty for an unknown scope.
    std::vector<AddressRange> dynamicRanges(const QString &scope) const;
    QList<Lease> leases() const { return m_leases.values(); }

private:
    struct Pool;
    Pool *poolOf(const QString &scope) const;
    bool isFreeFor(const Pool &pool, Ipv4Address a, const ClientIdentity &client,
                   qint64 nowS) const;
    std::optional<Ipv4Address> takeFree(Pool &pool, const ClientIdentity &client, qint64 nowS);
    void index(const Lease &lease);
    void unindex(const Lease &lease);
    // The client index: under a hash of (scope, client), the address of the client's lease.
    // Integer keys keep a lookup to one cache line; the lease itself confirms the client.
    // A client whose hash another client already holds goes to the overflow, by its full key.
    size_t clientHash(const QString &scope, const ClientIdentity &client) const;
    const quint32 *clientSlot(const QString &scope, const ClientIdentity &client) const;
    void scheduleDeadline(const Lease &lease);
    void expireOne(qint64 end, quint32 address, qint64 nowS, Expiry &out);
    void returnToPool(Ipv4Address a, const QString &scope);

    LeaseTable m_leases;
    size_t m_clientHashMask;
    QHash<size_t, quint32> m_byClient;
    QHash<QByteArray, quint32> m_clientOverflow; // scope + '\0' + client key → address
    std::vector<std::unique_ptr<Pool>> m_pools;
    QHash<QString, Pool *> m_poolByScope;
    // Addresses by the second their lease state ends. A binary heap of 65,000 deadlines
    // walked a cache-cold path to its root for every offer (its end comes before the
    // bindings'); here an offer joins the list of a second that recent offers already touched.
    std::map<qint64, std::vector<quint32>> m_deadlines;
    Expiry m_unsaved;
};

} // namespace leasedesk
