#include "core/sqliterows.h"

namespace leasedesk::sqliterows {

namespace {

QString addressText(quint32 address)
{
    return QString::fromStdString(Ipv4Address(address).toString());
}

} // namespace

void bindLease(SqliteStatement &statement, const Lease &lease)
{
    statement.bind(0, qint64(lease.address.toUint32()));
    statement.bind(1, lease.hardwareAddress);
    statement.bind(2, lease.clientId);
    statement.bind(3, lease.hostname);
    statement.bind(4, lease.scope);
    statement.bindStatic(5, leaseStateKey(lease.state));
    statement.bind(6, lease.start);
    statement.bind(7, lease.end);
    statement.bind(8, lease.lastSeen);
    statement.bind(9, lease.detail);
}

void bindHistory(SqliteStatement &statement, const LeaseHistoryEntry &entry)
{
    statement.bind(0, entry.when);
    statement.bind(1, qint64(entry.address.toUint32()));
    statement.bind(2, entry.hardwareAddress);
    statement.bind(3, entry.clientId);
    if (entry.from)
        statement.bindStatic(4, leaseStateKey(*entry.from));
    else
        statement.bindNull(4);
    statement.bindStatic(5, leaseStateKey(entry.to));
    statement.bind(6, entry.reason);
}

bool readAddress(const QVariant &value, Ipv4Address *address)
{
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < 0 || number > 0xFFFFFFFFLL)
        return false;
    *address = Ipv4Address(quint32(number));
    return true;
}

QString leaseFromRow(const QSqlQuery &query, Lease *lease)
{
    if (!readAddress(query.value(0), &lease->address))
        return QStringLiteral("a lease has the invalid address %1").arg(query.value(0).toString());
    const QString stateName = query.value(5).toString();
    const std::optional<LeaseState> state = leaseStateFromName(stateName);
    if (!state)
        return QStringLiteral("the lease of %1 has the unknown state \"%2\"")
            .arg(addressText(lease->address.toUint32()), stateName);
    lease->hardwareAddress = query.value(1).toByteArray();
    lease->clientId = query.value(2).toByteArray();
    lease->hostname = query.value(3).toString();
    lease->scope = query.value(4).toString();
    lease->state = *state;
    lease->start = query.value(6).toLongLong();
    lease->end = query.value(7).toLongLong();
    lease->lastSeen = query.value(8).toLongLong();
    lease->detail = query.value(9).toString();
    return {};
}

QString historyFromRow(const QSqlQuery &query, LeaseHistoryEntry *entry)
{
    entry->when = query.value(0).toLongLong();
    if (!readAddress(query.value(1), &entry->address))
        return QStringLiteral("a history entry has the invalid address %1")
            .arg(query.value(1).toString());
    entry->hardwareAddress = query.value(2).toByteArray();
    entry->clientId = query.value(3).toByteArray();
    entry->from.reset();
    if (!query.isNull(4)) {
        entry->from = leaseStateFromName(query.value(4).toString());
        if (!entry->from)
            return QStringLiteral("a history entry has the unknown state \"%1\"")
                .arg(query.value(4).toString());
    }
    const std::optional<LeaseState> to = leaseStateFromName(query.value(5).toString());
    if (!to)
        return QStringLiteral("a history entry has the unknown state \"%1\"")
            .arg(query.value(5).toString());
    entry->to = *to;
    entry->reason = query.value(6).toString();
    return {};
}

void bindEvent(QSqlQuery &query, const NetworkEvent &event)
{
    query.bindValue(0, event.timeMs);
    query.bindValue(1, networkEventKindName(event.kind));
    query.bindValue(2, networkEventSeverityName(event.severity));
    query.bindValue(3, event.interfaceName);
    query.bindValue(4, qint64(event.address.toUint32()));
    query.bindValue(5, event.mac);
    query.bindValue(6, event.scope);
    query.bindValue(7, event.text);
}

QString eventFromRow(const QSqlQuery &query, NetworkEvent *event)
{
    event->timeMs = query.value(0).toLongLong();
    const std::optional<NetworkEvent::Kind> kind =
        networkEventKindFromName(query.value(1).toString());
    const std::optional<NetworkEvent::Severity> severity =
        networkEventSeverityFromName(query.value(2).toString());
    if (!kind || !severity)
        return QStringLiteral("an event has the unknown kind or severity \"%1\", \"%2\"")
            .arg(query.value(1).toString(), query.value(2).toString());
    if (!readAddress(query.value(4), &event->address))
        return QStringLiteral("an event has the invalid address %1").arg(query.value(4).toString());
    event->kind = *kind;
    event->severity = *severity;
    event->interfaceName = query.value(3).toString();
    event->mac = query.value(5).toByteArray();
    event->scope = query.value(6).toString();
    event->text = query.value(7).toString();
    return {};
}

} // namespace leasedesk::sqliterows
