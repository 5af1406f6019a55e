#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "core/networkwatch.h"
#include "engine/enginecontroller.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QTabWidget;
class QTreeView;

namespace leasedesk {

class AddressMapView;
class ConflictsView;
class LeasesView;
class PacketDecoderView;
class RogueServersView;
class ScopeListModel;

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
    QString selectedScope() const { return m_selectedScope; }

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

signals:
    void reclaimRequested(leasedesk::Ipv4Address address);
    void rogueCheckRequested();
    // A conflict or another server was reported: the quarantine and server lists are stale.
    void networkStateWanted();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void leasesChanged();
    void updateAddressMap();
    void updateTabTitles();

    QTabWidget *m_tabs = nullptr;
    LeasesView *m_leases = nullptr;
    AddressMapView *m_map = nullptr;
    ConflictsView *m_conflicts = nullptr;
    RogueServersView *m_servers = nullptr;
    PacketDecoderView *m_decoder = nullptr;
    ScopeListModel *m_scopeModel = nullptr;
    QTreeView *m_scopeList = nullptr;
    QListWidget *m_events = nullptr;
    QLabel *m_banner = nullptr; // why we do not serve, and the exact command that fixes it
    QLabel *m_serving = nullptr;
    QLabel *m_leaseCounts = nullptr;
    QLabel *m_database = nullptr;
    Configuration m_configuration;
    QString m_selectedScope;
};

} // namespace leasedesk
