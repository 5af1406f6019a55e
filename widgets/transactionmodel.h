#pragma once

#include "core/networkwatch.h"
#include "engine/packetevent.h"
#include "widgets/transaction.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// The live packets grouped into DHCP exchanges (issue 7): one row per Transaction, oldest
// first, for the timeline and the "why no address" panel. Packets of one exchange share the
// xid and the client hardware address (RFC 2131 §4.1: a client keeps the xid for its
// retransmissions and for the REQUEST that answers an OFFER). Capped like the packet list:
// a flood drops the oldest exchanges, never grows memory without bound (design.md).
class TransactionModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        TransactionRole = Qt::UserRole + 1, // QVariant::fromValue(Transaction)
        IdRole, // quint64
    };

    // An exchange quiet for this long that sees its key again starts over: a renewal at T1
    // (RFC 2131 §4.4.5) may reuse the xid of the DORA half an hour before.
    static constexpr qint64 QuietMs = 60'000;

    explicit TransactionModel(qsizetype capacity = 10'000, QObject *parent = nullptr);

    const Transaction &transactionAt(int row) const { return m_rows.at(row); }
    int rowOfId(quint64 id) const; // -1 when gone
    int rowOfSerial(quint64 serial) const; // the transaction holding that packet, -1
    QList<Transaction> transactionsOf(const QByteArray &mac) const; // oldest first
    QList<QByteArray> clients() const; // MACs seen, most recent first
    qsizetype capacity() const { return m_capacity; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public slots:
    // One insertion for the new exchanges of the batch, few dataChanged for the updated ones,
    // one removal when the cap is passed.
    void appendEvents(const QList<leasedesk::PacketEvent> &events);
    // Another server's reply to a client (seen passively, issue 5): a step OtherServers →
    // Client in the exchange with that xid. Answers to our own rogue check are not a client's.
    void addOtherServerOffer(const leasedesk::RogueServer &server, qint64 timeMs);
    void clear();

private:
    struct Batch;

    Transaction *place(Batch &batch, quint32 xid, const QByteArray &mac, qint64 timeMs,
                       quint64 serial, bool startsExchange);
    Transaction *find(Batch &batch, quint64 id);
    void commit(Batch &batch);
    void forget(const Transaction &t); // its indexes, as it leaves
    void dropOldest(qsizetype count);
    void announceChanged(const QList<quint64> &ids);

    QList<Transaction> m_rows; // ids increase with the row
    QHash<QByteArray, quint64> m_open; // (xid, mac) → the newest transaction with that key
    QHash<quint64, quint64> m_bySerial; // packet serial → transaction id
    qsizetype m_capacity;
    quint64 m_lastId = 0;
};

} // namespace leasedesk
