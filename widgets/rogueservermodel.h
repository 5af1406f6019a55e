#pragma once

#include "core/networkwatch.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// Other DHCP servers seen on the served segments, each beside what we offer there, so the
// admin can tell at a glance whether it hands out a different router or DNS. Fed with
// EngineController::networkStateListed()'s server list (a whole list, so a reset).
class RogueServerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Interface,
        ServerId,
        HardwareAddress,
        Offers,
        Router,
        Dns,
        LeaseTime,
        ResponseTime,
        Status,
        Ours,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, ServerRole };

    explicit RogueServerModel(QObject *parent = nullptr);

    void setServers(const QList<RogueServer> &servers);
    // One line per interface of what our own scope there gives ("router 198.18.0.1, DNS
    // 198.18.0.1, lease 1 h"), shown in the Ours column of that interface's servers.
    void setOurSettings(const QHash<QString, QString> &byInterface);
    RogueServer serverAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<RogueServer> m_servers;
    QHash<QString, QString> m_ours;
};

} // namespace leasedesk
