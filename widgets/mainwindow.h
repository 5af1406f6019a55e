#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "core/networkwatch.h"
#include "core/statisticssample.h"
#include "engine/enginecontroller.h"
#include "engine/servingstate.h"
#include "engine/testrequest.h"
#include "widgets/packetratemeter.h"

#include <QMainWindow>
#include <QSet>

class QLabel;
class QListWidget;
class QTabWidget;
class QTreeView;

namespace leasedesk {

class AddressMapView;
class ConfigurationBar;
class ConfigurationDocument;
class ConfigurationFiles;
class ClientDiagnosisView;
class ConflictsView;
class LeasesView;
class PacketDecoderView;
class ReservationsView;
class RogueServersView;
class ScopeEditor;
class ScopeListModel;
class ServerControlView;
class ServerSettingsEditor;
class HistoryView;
class StatisticsView;
class TestClientView;
class TrafficView;

// The console's frame: scopes on the left, the tabs in the middle, events below, and the
// engine's state in the status bar. Fed only through its slots with plain values, so it can
// be shown (and tested) without an engine; what the admin asks for leaves as signals.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    PacketDecoderView *packetDecoder() const { return m_decoder; }
    LeasesView *leasesView() const { return m_leases; }
    ScopeListModel *scopeModel() const { return m_scopeModel; }
    QTabWidget *tabs() const { return m_tabs; }
    QString selectedScope() const;
    ConfigurationDocument *document() const { return m_document; }
    ScopeEditor *scopeEditor() const { return m_scopeEditor; }
    ReservationsView *reservationsView() const { return m_reservations; }
    ServerControlView *serverControl() const { return m_control; }
    ConfigurationFiles *files() const { return m_files; }
    TrafficView *trafficView() const { return m_traffic; }
    TestClientView *testClient() const { return m_testClient; }
    ClientDiagnosisView *diagnosisView() const { return m_diagnosis; }
    StatisticsView *statisticsView() const { return m_statistics; }
    HistoryView *historyView() const { return m_history; }

    static constexpr int MaxEvents = 500; // the list is for a glance, the log keeps the rest

public slots:
    // What the engine reported when it started: the database, and whether it serves.
    void showEngineStatus(const leasedesk::EngineStatus &status);
    void showProblem(const QString &message);
    void showConfiguration(const leasedesk::Configuration &configuration);
    // Every lease (start-up, reconnect): replaces what is shown.
    void showLeases(const QList<leasedesk::Lease> &leases);
    // A batch from the engine: upserts by address, without resetting views.
    void applyLeaseChanges(const QList<leasedesk::Lease> &leases);
    void showNetworkEvent(const leasedesk::NetworkEvent &event);
    void showNetworkState(const QList<leasedesk::Lease> &quarantine,
                          const QList<leasedesk::RogueServer> &servers);
    void selectScope(const QString &name);
    // The engine deleted these leases (an admin's delete, or the sweep).
    void removeLeases(const QList<leasedesk::Ipv4Address> &addresses);
    void showHistory(const leasedesk::HistoryQuery &query,
                     const QList<leasedesk::LeaseHistoryEntry> &entries);
    void showServingState(const leasedesk::ServingState &state);
    // The engine's answer to Apply: the revision saved, or why it was refused.
    void showConfigurationSaved(qint64 revision, const QStringList &issues);
    void countPackets(const QList<leasedesk::PacketEvent> &events);
    // A batch from the engine's packet tap (issue 7): counted, shown in the Traffic tab, and
    // handed to the test client, which looks for its answers. `dropped`: lost by the tap.
    void takePackets(const QList<leasedesk::PacketEvent> &events, quint64 dropped);
    // Issue 8: a sample every statistics interval, the history a chart asked for, and the
    // event history read at start (shown under the live events, without repeating them).
    void showStatisticsSample(const leasedesk::StatisticsSample &sample);
    void showStatistics(qint64 fromS, qint64 toS,
                        const QList<leasedesk::StatisticsSample> &samples);
    void showEventHistory(const QList<leasedesk::NetworkEvent> &events);
    // File ▸ New scope: the guided flow that proposes a scope from an interface's address.
    void newScope();

signals:
    void applyRequested(const leasedesk::Configuration &configuration);
    void releaseRequested(leasedesk::Ipv4Address address);
    void deleteRequested(leasedesk::Ipv4Address address);
    void historyWanted(const leasedesk::HistoryQuery &query);
    void servingRequested(bool serve);
    void interfacesChosen(const QStringList &names);
    void reclaimRequested(leasedesk::Ipv4Address address);
    void rogueCheckRequested();
    // A conflict or another server was reported: the quarantine and server lists are stale.
    void networkStateWanted();
    void testRequested(const leasedesk::TestRequest &request);
    void statisticsWanted(qint64 fromS, qint64 toS);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildTabs();
    void buildActions();
    void buildToolBar();
    void connectViews();
    void documentChanged();
    void updateApplyActions();
    void selectScopeIndex(int index);
    const Scope *selectedScopePtr() const;
    void removeSelectedScope();
    void showAddress(Ipv4Address address);
    void updateRate();
    void leasesChanged();
    void updateAddressMap();
    void updateTabTitles();
    void addEventItem(const NetworkEvent &event, bool fromHistory);

    QTabWidget *m_tabs = nullptr;
    LeasesView *m_leases = nullptr;
    AddressMapView *m_map = nullptr;
    ConflictsView *m_conflicts = nullptr;
    RogueServersView *m_servers = nullptr;
    PacketDecoderView *m_decoder = nullptr;
    TrafficView *m_traffic = nullptr;
    TestClientView *m_testClient = nullptr;
    ClientDiagnosisView *m_diagnosis = nullptr;
    StatisticsView *m_statistics = nullptr;
    HistoryView *m_history = nullptr;
    QSet<QString> m_eventKeys; // events in the list, so the history does not repeat them
    qint64 m_otherServersShownMs = 0; // other servers' offers already on the timeline
    ScopeEditor *m_scopeEditor = nullptr;
    ServerSettingsEditor *m_settingsEditor = nullptr;
    ReservationsView *m_reservations = nullptr;
    ServerControlView *m_control = nullptr;
    ConfigurationDocument *m_document = nullptr;
    ConfigurationBar *m_configurationBar = nullptr;
    ConfigurationFiles *m_files = nullptr;
    ScopeListModel *m_scopeModel = nullptr;
    QTreeView *m_scopeList = nullptr;
    QListWidget *m_events = nullptr;
    QLabel *m_banner = nullptr; // why we do not serve, and the exact command that fixes it
    QLabel *m_serving = nullptr;
    QLabel *m_leaseCounts = nullptr;
    QLabel *m_database = nullptr;
    QLabel *m_rate = nullptr;
    QAction *m_startStop = nullptr;
    QAction *m_apply = nullptr;
    QAction *m_revert = nullptr;
    PacketRateMeter m_rateMeter;
    EngineStatus m_status;
    ServingState m_servingState;
    bool m_statusKnown = false;
    bool m_offerNewScope = true; // first start with no scopes: offer the guided flow once
    // By position, not by name: names change while being edited, and an imported file may
    // repeat one until the admin fixes it.
    int m_selectedIndex = -1;
};

} // namespace leasedesk
