#pragma once

#include "core/configuration.h"
#include "widgets/editablerowsmodel.h"

namespace leasedesk {

// The reservations of one scope, editable in place. setData() is the only way an edit gets
// in (an undo stack later wraps it: a command keeps the old value and calls setData back),
// and it refuses what the configuration validator would refuse anyway, at once and in the
// cell where it was typed: a MAC that is not six octets, an address outside the scope's
// subnet, a MAC or address another reservation already holds. A refused edit leaves the
// reservation unchanged and its reason readable through errorFor() / ValidationRole until
// the cell is next set successfully. SortRole gives the address as a number, text lowered.
class ReservationModel : public EditableRows<Reservation>
{
    Q_OBJECT
public:
    enum Column { Enabled, Hostname, Macs, ClientId, Address, Description, ColumnCount };
    enum ModelRole {
        ReservationRole = FirstModelRole, // the whole Reservation
    };

    explicit ReservationModel(QObject *parent = nullptr);

    // The scope gives the subnet addresses are checked against and the reservations shown.
    void setScope(const Scope &scope);
    QList<Reservation> reservations() const { return items(true); }
    Reservation reservationAt(int row) const;
    // Which row holds this MAC or address; -1 when none does. For "already reserved".
    int rowWithMac(const QByteArray &mac) const;
    int rowWithAddress(Ipv4Address address) const;
    // A reservation the configuration can take: an address and a MAC or client-id.
    static bool isComplete(const Reservation &reservation);
    // Rows added by insertRows() are filled in cell by cell, so they stay drafts, shown only
    // here (isDraft()), until they first become complete. Rows from setScope() are never
    // drafts (an invalid one from a file stays in the configuration, for the validator to
    // name). New rows are empty, enabled reservations, to be filled in cell by cell.
    QList<Reservation> committedReservations() const { return items(false); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString apply(int row, int column, const QVariant &value, Reservation &into) const override;
    bool isCompleteItem(const Reservation &reservation) const override;
    bool isEditRole(int column, int role) const override;
    void draftCompleted(int row) override;
    QString applyMacs(int row, const QString &text, Reservation &into) const;
    QString applyClientId(int row, const QString &text, Reservation &into) const;
    QString applyAddress(int row, const QString &text, Reservation &into) const;
    QString rowName(int row) const; // "row 3 (node1)", for "already reserved by …"

    Scope m_scope; // subnet and name; its reservations are the rows
};

} // namespace leasedesk
