#pragma once

#include "core/configuration.h"
#include "core/lease.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace leasedesk {

class DeviceLabelsView;
class ReservationModel;

// The "Reservations" tab: the current scope's reservations (add, edit in place, delete,
// enable/disable, search, CSV import/export, "reserve this address" from a lease) above the
// device labels. It never changes the configuration itself: every accepted edit leaves as
// the whole new list in one signal, so the main window can make it one undo command, and
// comes back through setScope()/setDeviceLabels(), which ignore what is already shown.
class ReservationsView : public QWidget
{
    Q_OBJECT
public:
    explicit ReservationsView(QWidget *parent = nullptr);
    ~ReservationsView() override;

    // Shows the scope's reservations. When they (and the scope's name, subnet and router,
    // which the checks depend on) equal what is shown, nothing happens: an edit's round trip
    // through the undo stack keeps the selection, the drafts and an open editor.
    void setScope(const leasedesk::Scope &scope);
    void setDeviceLabels(const QList<leasedesk::DeviceLabel> &labels);

    // Replaces the reservations with the file's, after checking every row against the scope.
    // Returns why nothing was imported (every problem, by line and column), or empty.
    QString importCsv(const QByteArray &csv);
    QByteArray exportCsv() const;

    ReservationModel *model() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchEdit() const { return m_search; }
    DeviceLabelsView *labelsView() const { return m_labels; }
    QString message() const; // the refusal or notice under the table, as plain text

public slots:
    // A new row, pre-filled from the lease, selected and with its hostname being edited. If
    // the MAC or the address is reserved already, that row is selected and a notice says so.
    void reserveLease(const leasedesk::Lease &lease);
    // Selects the reservation of this address (clearing a search that hides it); false when
    // there is none. For a click on the address map.
    bool selectAddress(leasedesk::Ipv4Address address);
    void addReservation(); // an empty draft row, its hostname being edited
    void deleteSelected();
    void toggleEnabledOfSelected();
    void focusSearch();

signals:
    void reservationsEdited(const QList<leasedesk::Reservation> &reservations,
                            const QString &undoText);
    void deviceLabelsEdited(const QList<leasedesk::DeviceLabel> &labels, const QString &undoText);

private:
    QWidget *buildToolbar();
    void buildTable();
    void chooseImportFile();
    void chooseExportFile();
    void onCellChanged(const QModelIndex &topLeft);
    void onRefused(const QModelIndex &index, const QString &reason);
    void publish(const QString &undoText);
    void showMessage(const QString &text, bool problem);
    void updateActions();
    void updateCount();
    QList<int> selectedSourceRows() const;
    void selectSourceRow(int row, int editColumn = -1);
    QString rowTitle(int sourceRow) const; // "node1", else its address or MAC

    ReservationModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_messageIcon = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_toggle = nullptr;
    DeviceLabelsView *m_labels = nullptr;
    Scope m_scope; // without its reservations: what the checks depend on
    QList<Reservation> m_published; // what the configuration holds, as far as we know
    bool m_batch = false; // several setData() calls that leave as one edit
};

} // namespace leasedesk
