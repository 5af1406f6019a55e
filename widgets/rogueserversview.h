#pragma once

#include "core/configuration.h"
#include "core/networkwatch.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace leasedesk {

class RogueServerModel;

// The "Other DHCP servers" tab: every other server seen, beside what we offer there.
class RogueServersView : public QWidget
{
    Q_OBJECT
public:
    explicit RogueServersView(QWidget *parent = nullptr);

    void setServers(const QList<RogueServer> &servers);
    // Our scopes, to fill the "Ours" column of each server's interface.
    void setConfiguration(const Configuration &configuration);

    RogueServerModel *model() const { return m_model; }
    int rogueCount() const; // not on the allow-list

signals:
    void checkRequested();

private:
    void updateOurs();

    RogueServerModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_check = nullptr;
    QLabel *m_summary = nullptr;
    QList<RogueServer> m_servers;
    Configuration m_configuration;
};

} // namespace leasedesk
