#pragma once

#include "core/configuration.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// The reservations of one scope, editable in place. setData() is the only way an edit gets
// in (an undo stack later wraps it: a command keeps the old value and calls setData back),
// and it refuses what the configuration validator would refuse anyway, at once and in the
// cell where it was typed: a MAC that is not six octets, an address outside the scope's
// subnet, a MAC or address another reservation already holds. A refused edit leaves the
// reservation unchanged and its reason readable through errorFor() / ValidationRole until
// the cell is next set successfully.
class ReservationModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Enabled, Hostname, Macs, ClientId, Address, Description, ColumnCount };
    enum Role {
        ValidationRole = Qt::UserRole + 1, // the reason the last edit of the cell was refused
        SortRole, // address as a number, text lowered
        ReservationRole, // the whole Reservation
    };

    explicit ReservationModel(QObject *parent = nullptr);

    // The scope gives the subnet addresses are checked against and the reservations shown.
    void setScope(const Scope &scope);
    QList<Reservation> reservations() const;
    Reservation reservationAt(int row) const;
    // Which row holds this MAC or address; -1 when none does. For "already reserved".
    int rowWithMac(const QByteArray &mac) const;
    int rowWithAddress(Ipv4Address address) const;
    // A reservation the configuration can take: an address and a MAC or client-id.
    static bool isComplete(const Reservation &reservation);
    // Rows added by insertRows() are filled in cell by cell, so they stay drafts, shown only
    // here, until they first become complete. Rows from setScope() are never drafts (an
    // invalid one from a file stays in the configuration, for the validator to name).
    bool isDraft(int row) const;
    QList<Reservation> committedReservations() const; // every row but the drafts

    // Why the last edit of this cell was refused; empty when it was accepted.
    QString errorFor(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // New rows are empty, enabled reservations, to be filled in cell by cell.
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

signals:
    // An edit was refused; the view shows `reason` next to the cell.
    void editRefused(const QModelIndex &index, const QString &reason);

private:
    struct Row
    {
        Reservation reservation;
        QHash<int, QString> errors; // column → refusal, travels with the row
        bool draft = false;
    };

    // Turns the typed text into the new reservation, or says what is wrong.
    QString apply(int row, int column, const QVariant &value, Reservation &into) const;
    QString applyMacs(int row, const QString &text, Reservation &into) const;
    QString applyClientId(int row, const QString &text, Reservation &into) const;
    QString applyAddress(int row, const QString &text, Reservation &into) const;
    QString rowName(int row) const; // "row 3 (node1)", for "already reserved by …"
    bool refuse(const QModelIndex &index, const QString &reason);

    Scope m_scope; // subnet and name; its reservations live in m_rows
    QList<Row> m_rows;
};

} // namespace leasedesk
