#include "widgets/transactionmodel.h"

#include "core/configuration.h"
#include "proto/dhcpcodec.h"

#include <QDateTime>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <span>

namespace leasedesk {

namespace {

using proto::MessageType;

bool isType(quint8 type, MessageType t)
{
    return type == quint8(t);
}

QByteArray keyOf(quint32 xid, const QByteArray &mac)
{
    QByteArray key(4, '\0');
    qToBigEndian(xid, key.data());
    return key + mac;
}

bool notSent(const PacketEvent &e)
{
    return e.reason.startsWith(QLatin1String("not sent"));
}

// The engine's sentences for an address found in use: "… is in use by …: quarantined",
// "3 addresses in a row were in use; the client is not answered this time".
bool isConflictReason(const QString &reason)
{
    return reason.contains(QLatin1String(" in use"));
}

// The server a REQUEST chose (RFC 2131 §4.3.2: option 54 says which OFFER was taken). From
// the payload, else from the engine's sentence "client chose server 198.18.0.250".
Ipv4Address chosenServer(const PacketEvent &e)
{
    if (!e.payload.isEmpty()) {
        const auto parsed = proto::DhcpCodec::parse(
            std::span(reinterpret_cast<const std::uint8_t *>(e.payload.constData()),
                      std::size_t(e.payload.size())));
        if (parsed.message)
            if (auto id = parsed.message->addressOption(proto::OptionCode::ServerIdentifier))
                return *id;
    }
    const QString prefix = QStringLiteral("client chose server ");
    if (e.reason.startsWith(prefix))
        return Ipv4Address::fromString(
                   e.reason.mid(prefix.size()).section(QLatin1Char(' '), 0, 0).toStdString())
            .value_or(Ipv4Address());
    return {};
}

// A REQUEST the engine stayed silent on names another server (server.cpp, Server::selecting).
bool choseAnotherServer(const PacketEvent &e)
{
    if (e.direction != PacketEvent::Direction::Received
        || !isType(e.messageType, MessageType::Request) || e.outcome != Decision::Outcome::Silent)
        return false;
    const Ipv4Address id = chosenServer(e);
    return id.isZero() || e.local.isZero() || id != e.local;
}

TransactionStep stepOf(const PacketEvent &e)
{
    TransactionStep s;
    s.serial = e.serial;
    s.timeMs = e.timeMs;
    s.messageType = e.messageType;
    if (e.direction == PacketEvent::Direction::Received) {
        // RFC 2131 §4.1: a relay agent puts its address in giaddr.
        s.relayed = !e.giaddr.isZero();
        s.from = s.relayed ? Lane::Relay : Lane::Client;
        s.to = choseAnotherServer(e) ? Lane::OtherServers : Lane::LeaseDesk;
        s.failed =
            e.outcome == Decision::Outcome::Ignored || e.outcome == Decision::Outcome::Malformed;
        s.note = e.reason;
        return s;
    }
    // A reply to a relay goes to giaddr, server port 67 (RFC 2131 §4.1).
    s.relayed = !e.giaddr.isZero() || e.peerPort == 67;
    s.from = Lane::LeaseDesk;
    s.to = s.relayed ? Lane::Relay : Lane::Client;
    s.failed = notSent(e);
    s.note = s.failed || e.reason.isEmpty() ? e.reason : QStringLiteral("sent to ") + e.reason;
    return s;
}

// The newest received step of one of these types before `before`: what a reply answers.
const TransactionStep *lastReceived(const Transaction &t, qsizetype before,
                                    std::initializer_list<MessageType> types)
{
    for (qsizetype i = before - 1; i >= 0; --i) {
        const TransactionStep &s = t.steps.at(i);
        if (s.from == Lane::LeaseDesk || s.from == Lane::OtherServers)
            continue;
        for (MessageType type : types)
            if (isType(s.messageType, type))
                return &s;
    }
    return nullptr;
}

bool hasDecline(const Transaction &t)
{
    return std::any_of(t.steps.begin(), t.steps.end(), [](const TransactionStep &s) {
        return s.from != Lane::LeaseDesk && isType(s.messageType, MessageType::Decline);
    });
}

// An exchange that is over: a DISCOVER with its key starts a new one (RFC 2131 §3.1: a
// client that got its NAK, gave its address back or declined it starts again at INIT).
bool isFinished(const Transaction &t)
{
    switch (t.outcome) {
    case Transaction::Outcome::Bound:
    case Transaction::Outcome::Nak:
    case Transaction::Outcome::Released:
    case Transaction::Outcome::Informed:
    case Transaction::Outcome::OtherServer: return true;
    case Transaction::Outcome::Conflict: return hasDecline(t);
    default: return false;
    }
}

void judgeReceived(Transaction &t, const PacketEvent &e)
{
    using O = Decision::Outcome;
    const QString address = addressText(e.address);
    switch (e.outcome) {
    case O::Ignored:
    case O::Malformed:
        t.outcome = isConflictReason(e.reason) ? Transaction::Outcome::Conflict
                                               : Transaction::Outcome::Ignored;
        t.outcomeText =
            (t.outcome == Transaction::Outcome::Conflict ? QStringLiteral("conflict: ")
                                                         : QStringLiteral("ignored because "))
            + e.reason;
        return;
    case O::Silent:
        if (isType(e.messageType, MessageType::Decline)) {
            t.outcome = Transaction::Outcome::Conflict;
            t.address = e.address;
            t.outcomeText =
                QStringLiteral("conflict on %1: the client found it in use").arg(address);
        } else if (isType(e.messageType, MessageType::Release)) {
            t.outcome = Transaction::Outcome::Released;
            t.address = e.address;
            t.outcomeText = QStringLiteral("released %1").arg(address);
        } else if (choseAnotherServer(e)) {
            t.outcome = Transaction::Outcome::OtherServer;
            t.otherServer = chosenServer(e);
            t.outcomeText = t.otherServer.isZero()
                ? QStringLiteral("took another server's offer")
                : QStringLiteral("took %1's offer").arg(addressText(t.otherServer));
        } else {
            t.outcomeText = e.reason;
        }
        return;
    case O::Probing:
    case O::Replied:
        t.outcome = isConflictReason(e.reason) && e.outcome == O::Probing
            ? Transaction::Outcome::Conflict
            : Transaction::Outcome::Pending;
        t.outcomeText = e.reason;
        if (isType(e.messageType, MessageType::Inform))
            t.address = e.address; // its ciaddr: the ACK's yiaddr is 0 (RFC 2131 §4.3.5)
        return;
    }
}

void judgeSent(Transaction &t, const PacketEvent &e, qsizetype stepIndex)
{
    if (notSent(e)) {
        t.outcome = isConflictReason(e.reason) ? Transaction::Outcome::Conflict
                                               : Transaction::Outcome::Failed;
        t.outcomeText = e.reason;
        return;
    }
    const QString address = addressText(e.address);
    if (isType(e.messageType, MessageType::Offer)) {
        if (!t.offerLatencyMs)
            if (const auto *d = lastReceived(t, stepIndex, {MessageType::Discover}))
                t.offerLatencyMs = e.timeMs - d->timeMs;
        t.outcome = Transaction::Outcome::Offered;
        t.address = e.address;
        t.outcomeText = QStringLiteral("offered %1").arg(address);
        return;
    }
    const bool ack = isType(e.messageType, MessageType::Ack);
    if (!ack && !isType(e.messageType, MessageType::Nak))
        return;
    const auto *r = lastReceived(t, stepIndex, {MessageType::Request, MessageType::Inform});
    if (r)
        t.ackLatencyMs = e.timeMs - r->timeMs;
    if (!ack) {
        QString why = r ? r->note : QString();
        if (why.startsWith(QLatin1String("NAK: ")))
            why.remove(0, 5);
        t.outcome = Transaction::Outcome::Nak;
        t.outcomeText =
            why.isEmpty() ? QStringLiteral("NAK") : QStringLiteral("NAK because ") + why;
    } else if (r && isType(r->messageType, MessageType::Inform)) {
        t.outcome = Transaction::Outcome::Informed;
        t.outcomeText = QStringLiteral("configuration sent to %1").arg(addressText(t.address));
    } else {
        t.outcome = Transaction::Outcome::Bound;
        t.address = e.address;
        t.outcomeText = QStringLiteral("bound %1").arg(address);
    }
}

// Keeps the steps in time order: another server's OFFER may be reported after our packets.
qsizetype addStep(Transaction &t, const TransactionStep &s)
{
    qsizetype at = t.steps.size();
    while (at > 0 && t.steps.at(at - 1).timeMs > s.timeMs)
        --at;
    t.steps.insert(at, s);
    t.firstMs = std::min(t.firstMs, s.timeMs);
    t.lastMs = std::max(t.lastMs, s.timeMs);
    return at;
}

QString otherServerNote(const RogueServer &server)
{
    const QString who = addressText(server.serverId);
    if (isType(server.messageType, MessageType::Ack))
        return QStringLiteral("%1 acknowledged %2").arg(who, addressText(server.offered));
    if (isType(server.messageType, MessageType::Nak))
        return QStringLiteral("%1 refused the request (NAK)").arg(who);
    return QStringLiteral("%1 offered %2").arg(who, addressText(server.offered));
}

} // namespace

struct TransactionModel::Batch
{
    QList<Transaction> added; // new this call, not rows yet
    QList<quint64> changed; // ids of existing rows touched
};

TransactionModel::TransactionModel(qsizetype capacity, QObject *parent)
    : QAbstractListModel(parent), m_capacity(std::max<qsizetype>(capacity, 1))
{
    qRegisterMetaType<leasedesk::Transaction>();
}

int TransactionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TransactionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Transaction &t = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 xid 0x%2 %3: %4")
            .arg(QDateTime::fromMSecsSinceEpoch(t.firstMs).toString(QStringLiteral("HH:mm:ss")))
            .arg(t.xid, 8, 16, QLatin1Char('0'))
            .arg(formatMac(t.mac), t.outcomeText);
    case TransactionRole: return QVariant::fromValue(t);
    case IdRole: return QVariant::fromValue(t.id);
    default: return {};
    }
}

QHash<int, QByteArray> TransactionModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(TransactionRole, "transaction");
    names.insert(IdRole, "transactionId");
    return names;
}

int TransactionModel::rowOfId(quint64 id) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                                     [](const Transaction &t, quint64 v) { return t.id < v; });
    return it != m_rows.end() && it->id == id ? int(it - m_rows.begin()) : -1;
}

int TransactionModel::rowOfSerial(quint64 serial) const
{
    const auto it = m_bySerial.constFind(serial);
    return it == m_bySerial.constEnd() ? -1 : rowOfId(*it);
}

QList<Transaction> TransactionModel::transactionsOf(const QByteArray &mac) const
{
    QList<Transaction> out;
    for (const Transaction &t : m_rows)
        if (t.mac == mac)
            out.append(t);
    return out;
}

QList<QByteArray> TransactionModel::clients() const
{
    QList<const Transaction *> byRecency;
    byRecency.reserve(m_rows.size());
    for (const Transaction &t : m_rows)
        if (!t.mac.isEmpty())
            byRecency.append(&t);
    std::stable_sort(
        byRecency.begin(), byRecency.end(),
        [](const Transaction *a, const Transaction *b) { return a->lastMs > b->lastMs; });
    QList<QByteArray> out;
    QSet<QByteArray> seen;
    for (const Transaction *t : byRecency)
        if (!seen.contains(t->mac)) {
            seen.insert(t->mac);
            out.append(t->mac);
        }
    return out;
}

void TransactionModel::appendEvents(const QList<PacketEvent> &events)
{
    if (events.isEmpty())
        return;
    Batch batch;
    for (const PacketEvent &e : events) {
        const bool starts = e.direction == PacketEvent::Direction::Received
            && isType(e.messageType, MessageType::Discover);
        Transaction *t = place(batch, e.xid, e.hardwareAddress, e.timeMs, e.serial, starts);
        const qsizetype at = addStep(*t, stepOf(e));
        if (!e.scope.isEmpty())
            t->scope = e.scope;
        if (e.direction == PacketEvent::Direction::Received)
            judgeReceived(*t, e);
        else
            judgeSent(*t, e, at);
        if (e.serial != 0)
            m_bySerial.insert(e.serial, t->id);
    }
    commit(batch);
}

void TransactionModel::addOtherServerOffer(const RogueServer &server, qint64 timeMs)
{
    if (server.responseMs >= 0 || server.clientMac.isEmpty())
        return; // an answer to our own DISCOVER (rogue check), not to a client
    Batch batch;
    Transaction *t = place(batch, server.xid, server.clientMac, timeMs, 0, false);
    TransactionStep s;
    s.timeMs = timeMs;
    s.messageType = server.messageType != 0 ? server.messageType : quint8(MessageType::Offer);
    s.from = Lane::OtherServers;
    s.to = Lane::Client;
    s.note = otherServerNote(server);
    addStep(*t, s);
    t->otherServer = server.serverId;
    if (t->outcome == Transaction::Outcome::Pending && t->outcomeText.isEmpty())
        t->outcomeText = s.note;
    commit(batch);
}

void TransactionModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_open.clear();
    m_bySerial.clear();
    endResetModel();
}

// The exchange this packet belongs to, made when there is none (or the last one with its key
// is over or long quiet). Ids are the first packet's serial; the tap numbers in arrival order,
// so they increase with the row. An exchange begun by another server's OFFER (no serial of
// ours) takes the next free id.
Transaction *TransactionModel::place(Batch &batch, quint32 xid, const QByteArray &mac,
                                     qint64 timeMs, quint64 serial, bool startsExchange)
{
    const QByteArray key = keyOf(xid, mac);
    if (const auto open = m_open.constFind(key); open != m_open.constEnd())
        if (Transaction *t = find(batch, *open);
            t && timeMs - t->lastMs <= QuietMs && !(startsExchange && isFinished(*t))) {
            if (m_rows.isEmpty() || t->id <= m_rows.constLast().id)
                batch.changed.append(t->id);
            return t;
        }
    Transaction t;
    t.id = std::max(serial, m_lastId + 1);
    m_lastId = t.id;
    t.xid = xid;
    t.mac = mac;
    t.firstMs = t.lastMs = timeMs;
    m_open.insert(key, t.id);
    batch.added.append(t);
    return &batch.added.last();
}

Transaction *TransactionModel::find(Batch &batch, quint64 id)
{
    if (!batch.added.isEmpty() && id >= batch.added.constFirst().id) {
        for (qsizetype i = batch.added.size() - 1; i >= 0; --i)
            if (batch.added.at(i).id == id)
                return &batch.added[i];
        return nullptr;
    }
    const int row = rowOfId(id);
    return row < 0 ? nullptr : &m_rows[row];
}

void TransactionModel::commit(Batch &batch)
{
    const qsizetype excess = m_rows.size() + batch.added.size() - m_capacity;
    if (excess > 0) {
        const qsizetype fromRows = std::min(excess, m_rows.size());
        if (fromRows > 0)
            dropOldest(fromRows);
        const qsizetype fromAdded = excess - fromRows;
        for (qsizetype i = 0; i < fromAdded; ++i)
            forget(batch.added.at(i));
        batch.added.remove(0, fromAdded);
    }
    if (!batch.added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(batch.added.size()) - 1);
        m_rows.append(std::move(batch.added));
        endInsertRows();
    }
    announceChanged(batch.changed);
}

void TransactionModel::forget(const Transaction &t)
{
    for (const TransactionStep &s : t.steps)
        if (s.serial != 0)
            m_bySerial.remove(s.serial);
    const QByteArray key = keyOf(t.xid, t.mac);
    if (m_open.value(key) == t.id)
        m_open.remove(key);
}

void TransactionModel::dropOldest(qsizetype count)
{
    beginRemoveRows({}, 0, int(count) - 1);
    for (qsizetype i = 0; i < count; ++i)
        forget(m_rows.at(i));
    m_rows.remove(0, count);
    endRemoveRows();
}

// Few signals for a batch: contiguous rows make one range; scattered ones (more than a
// handful of runs) one range spanning them all, cheaper for views than many small ones.
void TransactionModel::announceChanged(const QList<quint64> &ids)
{
    QList<int> rows;
    for (quint64 id : ids)
        if (const int row = rowOfId(id); row >= 0)
            rows.append(row);
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QList<std::pair<int, int>> runs;
    for (int row : rows)
        if (!runs.isEmpty() && runs.last().second + 1 == row)
            runs.last().second = row;
        else
            runs.append({row, row});
    constexpr qsizetype MaxRuns = 4;
    if (runs.size() > MaxRuns)
        runs = {{runs.constFirst().first, runs.constLast().second}};
    for (const auto &[first, last] : runs)
        emit dataChanged(index(first), index(last));
}

} // namespace leasedesk
