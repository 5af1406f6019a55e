#pragma once

#include "engine/packetevent.h"

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace leasedesk {

class PacketDetailView;
class PacketFilterModel;
class PacketListModel;
class TimelineView;
class TransactionModel;

// The "Traffic" tab (issue 7): the DORA timeline beside the live packet list, the packet
// inspector under them, and a filter row above. Owns the traffic models; the main window only
// hands it batches from the engine's packet tap. Pausing freezes what is shown while the engine
// goes on serving: batches wait (capped like the list) and arrive on resume.
class TrafficView : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficView(QWidget *parent = nullptr);

    PacketListModel *packetModel() const { return m_packets; }
    PacketFilterModel *filterModel() const { return m_filter; }
    TransactionModel *transactionModel() const { return m_transactions; }
    TimelineView *timeline() const { return m_timeline; }
    QTableView *packetTable() const { return m_table; }
    PacketDetailView *detailView() const { return m_detail; }
    QAction *pauseAction() const { return m_pause; }
    QAction *followAction() const { return m_follow; }

    bool isPaused() const;
    // Events of the packet list as shown (filtered, in order), or only the selected rows.
    QList<PacketEvent> shownEvents(bool selectedOnly) const;
    // Both return an empty string on success, else a sentence naming the file and the fault.
    QString exportPcap(const QString &path, bool selectedOnly) const;
    QString exportCsv(const QString &path, bool selectedOnly) const;
    QString statusText() const;

public slots:
    // A batch from the packet tap; `tapDropped` = events the tap itself had to drop.
    void appendEvents(const QList<leasedesk::PacketEvent> &events, quint64 tapDropped = 0);
    void setPaused(bool paused);
    void setFollowNewest(bool follow);
    // Shows this packet in the list (when the filter lets it through), the timeline and the
    // inspector; false when it has left the capped list.
    bool selectSerial(quint64 serial);
    void selectTransaction(quint64 id);
    void clear();

signals:
    void reported(const QString &message); // for the status bar: "Saved 120 packets to …"

private:
    QWidget *buildFilterRow();
    void applyFilters();
    void showCurrentPacket();
    void scrollToNewest();
    void updateStatus();
    void exportWithDialog(bool pcap, bool selectedOnly);

    PacketListModel *m_packets = nullptr;
    PacketFilterModel *m_filter = nullptr;
    TransactionModel *m_transactions = nullptr;
    TimelineView *m_timeline = nullptr;
    QTableView *m_table = nullptr;
    PacketDetailView *m_detail = nullptr;
    QLineEdit *m_mac = nullptr;
    QLineEdit *m_address = nullptr;
    QLineEdit *m_xid = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_verdict = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_follow = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_statusTimer = nullptr;

    QList<PacketEvent> m_held; // while paused, newest kept up to the list's capacity
    quint64 m_heldDropped = 0;
    quint64 m_tapDropped = 0;
    quint64 m_received = 0;
    bool m_selectingFromTimeline = false;
};

} // namespace leasedesk
