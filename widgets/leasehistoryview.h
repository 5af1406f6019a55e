#pragma once

#include "core/lease.h"
#include "engine/servingstate.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QRadioButton;
class QTableView;
class QToolButton;

namespace leasedesk {

class LeaseHistoryModel;

// Asks where to save and writes the bytes atomically (QSaveFile); says why when it cannot.
// Shared by the lease table's and the history pane's "Export CSV…".
bool saveCsvWithDialog(QWidget *parent, const QString &suggestedName, const QByteArray &csv);

// The history pane under the lease table: what happened to the selected lease's address, or
// to its machine (MAC), as a table with a title that says which and how many. It never asks
// the engine itself: queryChanged tells the leases view that the user switched subject.
class LeaseHistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit LeaseHistoryView(QWidget *parent = nullptr);

    // The lease whose address or machine "this address" / "this machine" mean.
    void setLease(const Lease &lease);
    // The query for the lease and the chosen subject (address or MAC).
    HistoryQuery query() const;
    bool showsMachine() const;
    void setShowsMachine(bool machine);

    // A query went out: the title says so until its answer arrives.
    void showPending(const HistoryQuery &query);
    // An answer. One for another subject than the pending query is stale (the user moved on
    // while the engine answered) and is dropped; returns whether it was shown.
    bool showHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries);

    QByteArray exportCsv() const;

    LeaseHistoryModel *model() const { return m_model; }
    QLabel *titleLabel() const { return m_title; }
    QTableView *table() const { return m_table; }
    QRadioButton *addressButton() const { return m_byAddress; }
    QRadioButton *machineButton() const { return m_byMachine; }

signals:
    void queryChanged(const leasedesk::HistoryQuery &query);
    void closeRequested();

private:
    QWidget *buildHeader();
    void buildTable();
    void updateSubjectButtons();
    void exportWithDialog();

    LeaseHistoryModel *m_model = nullptr;
    Lease m_lease;
    std::optional<HistoryQuery> m_pending;
    QLabel *m_title = nullptr;
    QRadioButton *m_byAddress = nullptr;
    QRadioButton *m_byMachine = nullptr;
    QPushButton *m_export = nullptr;
    QToolButton *m_close = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace leasedesk
