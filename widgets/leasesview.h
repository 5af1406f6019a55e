#pragma once

#include "core/lease.h"
#include "engine/servingstate.h"

#include <QList>
#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;
class QToolBar;

namespace leasedesk {

class LeaseFilterModel;
class LeaseHistoryView;
class LeaseTableModel;

// The "Leases" tab: a search box and a row of actions over the sortable lease table, and a
// history pane under it. Owns its models so the main window only hands it plain leases. It
// never talks to the engine: actions become request signals that the main window forwards
// to EngineController, and the answers come back through the public slots.
class LeasesView : public QWidget
{
    Q_OBJECT
public:
    // Asks the user to confirm a destructive action; true means go ahead. Tests replace the
    // message box with a function that answers for them.
    using Confirm = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;

    explicit LeasesView(QWidget *parent = nullptr);

    void setLeases(const QList<Lease> &leases);
    void applyChanges(const QList<Lease> &leases);
    void setConfirm(Confirm confirm);

    // The selected leases, in the order the table shows them.
    QList<Lease> selectedLeases() const;
    // The selected rows as tab-separated text with a header row, as Copy puts them on the
    // clipboard. Tabs and line breaks inside a cell become spaces so every row stays a row.
    QString copyText() const;
    // RFC 4180 CSV of the rows the table shows (filtered, in view order), or of the selected
    // ones only; the header row either way.
    QByteArray exportCsv(bool selectedOnly) const;
    // The warning Delete… shows for these leases; honest about what deleting does not do.
    static QString deleteWarning(const QList<Lease> &leases);

    LeaseTableModel *leaseModel() const { return m_model; }
    LeaseFilterModel *filterModel() const { return m_filter; }
    LeaseHistoryView *historyView() const { return m_history; }
    QLineEdit *filterEdit() const { return m_search; }
    QTableView *table() const { return m_table; }
    QAction *releaseAction() const { return m_release; }
    QAction *deleteAction() const { return m_delete; }
    QAction *reserveAction() const { return m_reserve; }
    QAction *copyAction() const { return m_copy; }
    QAction *exportAction() const { return m_export; }
    QAction *exportSelectedAction() const { return m_exportSelected; }
    QAction *historyAction() const { return m_showHistory; }

public slots:
    void focusFilter();
    // Selects the lease of `address` and scrolls to it, clearing the search when it hides
    // the row (the address map's click). False when no lease holds the address, so the
    // caller can look for a reservation instead.
    bool selectAddress(leasedesk::Ipv4Address address);
    // The engine deleted these leases: their rows go, the rest keep their selection.
    void removeLeases(const QList<leasedesk::Ipv4Address> &addresses);
    // The answer to historyWanted: opens the pane with the entries and a title.
    void showHistory(const leasedesk::HistoryQuery &query,
                     const QList<leasedesk::LeaseHistoryEntry> &entries);
    void copySelection();

signals:
    void releaseRequested(leasedesk::Ipv4Address address);
    void deleteRequested(leasedesk::Ipv4Address address);
    void reserveRequested(const leasedesk::Lease &lease);
    void historyWanted(const leasedesk::HistoryQuery &query);

private:
    void createActions();
    QToolBar *buildToolBar();
    void setUpTable();
    void connectSignals();
    void updateCount();
    void updateActions();
    QList<int> selectedProxyRows() const;
    void releaseSelected();
    void deleteSelected();
    void reserveSelected();
    void requestHistory();
    void exportWithDialog(bool selectedOnly);
    void showContextMenu(const QPoint &pos);

    LeaseTableModel *m_model = nullptr;
    LeaseFilterModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_table = nullptr;
    LeaseHistoryView *m_history = nullptr;
    QTimer *m_clock = nullptr;
    Confirm m_confirm;

    QAction *m_release = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_reserve = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_export = nullptr;
    QAction *m_exportSelected = nullptr;
    QAction *m_showHistory = nullptr;
};

} // namespace leasedesk
