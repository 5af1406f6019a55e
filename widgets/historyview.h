#pragma once

#include "core/lease.h"
#include "engine/servingstate.h"

#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace leasedesk {

class LeaseHistoryModel;
class PastClientModel;

// The History tab (issue 8): who had what, when. Type an address or a MAC to see its whole
// history; below, the past clients (machines that had an address and hold none now). Both
// tables export as CSV. It asks the engine through historyWanted and takes the answers that
// belong to its own questions from showHistory.
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int SearchLimit = 2000;
    static constexpr int PastClientsLimit = 20000; // history entries read for past clients

    explicit HistoryView(QWidget *parent = nullptr);

    // The engine's leases now: a machine holding one is not a past client.
    void setLeases(const QList<Lease> &leases);
    void setDeviceLabels(const QHash<QByteArray, QString> &labels);
    void setNowFunction(std::function<qint64()> nowS) { m_nowS = std::move(nowS); }

    // "198.18.0.7" or "02:00:00:00:00:07" (any separator): asks for its history. False, with
    // the reason shown, when the text is neither.
    bool search(const QString &text);
    // Asks for the history the past clients are made of.
    void refreshPastClients();
    // An answer from the engine; false when it answers another view's question.
    bool showHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries);

    static HistoryQuery pastClientsQuery();

    LeaseHistoryModel *historyModel() const { return m_history; }
    PastClientModel *pastClientModel() const { return m_past; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *historyTitle() const { return m_historyTitle; }
    QLabel *pastTitle() const { return m_pastTitle; }
    QTableView *pastTable() const { return m_pastTable; }
    QByteArray historyCsv() const;
    QByteArray pastClientsCsv() const;

signals:
    void historyWanted(const leasedesk::HistoryQuery &query);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildSearch();
    QWidget *buildPastClients();
    void updatePastClients();

    LeaseHistoryModel *m_history = nullptr;
    PastClientModel *m_past = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_historyTitle = nullptr;
    QLabel *m_pastTitle = nullptr;
    QTableView *m_historyTable = nullptr;
    QTableView *m_pastTable = nullptr;
    QList<Lease> m_leases;
    QList<LeaseHistoryEntry> m_pastEntries;
    std::optional<HistoryQuery> m_pendingSearch;
    bool m_pastPending = false;
    bool m_pastLoaded = false;
    std::function<qint64()> m_nowS;
};

} // namespace leasedesk
