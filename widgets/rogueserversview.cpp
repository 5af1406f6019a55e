#include "widgets/rogueserversview.h"

#include "widgets/leasetablemodel.h"
#include "widgets/rogueservermodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace leasedesk {

namespace {

QString ourSettings(const Scope &s)
{
    QStringList parts;
    if (!s.router.isZero())
        parts << QObject::tr("router %1").arg(QString::fromStdString(s.router.toString()));
    QStringList dns;
    for (const Ipv4Address &a : s.dns)
        dns << QString::fromStdString(a.toString());
    if (!dns.isEmpty())
        parts << QObject::tr("DNS %1").arg(dns.join(QStringLiteral(", ")));
    parts << QObject::tr("lease %1").arg(LeaseTableModel::formatDuration(s.leaseTime));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RogueServersView::RogueServersView(QWidget *parent) : QWidget(parent)
{
    m_model = new RogueServerModel(this);
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_model);
    sorted->setSortRole(RogueServerModel::SortRole);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("rogueSummary"));
    m_summary->setWordWrap(true);
    m_check = new QPushButton(tr("Check now"), this);
    m_check->setObjectName(QStringLiteral("checkNowButton"));
    m_check->setToolTip(tr("Send a DISCOVER on every served interface and list who answers"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("rogueTable"));
    m_table->setModel(sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RogueServerModel::Interface, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Rogue or known comes first, and what we give goes right beside what they give, where
    // the eye compares them; lease and response times are details and come last.
    auto *header = m_table->horizontalHeader();
    header->moveSection(header->visualIndex(RogueServerModel::Status), 0);
    header->moveSection(header->visualIndex(RogueServerModel::Ours),
                        header->visualIndex(RogueServerModel::Dns) + 1);
    m_table->setWordWrap(true); // the Ours summary wraps rather than push columns away

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_check, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_check, &QPushButton::clicked, this, &RogueServersView::checkRequested);
    setServers({});
}

void RogueServersView::setServers(const QList<RogueServer> &servers)
{
    m_servers = servers;
    m_model->setServers(servers);
    updateOurs();
    // Each check replaces the whole list, so the columns are fitted to it each time.
    m_table->resizeColumnsToContents();
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(RogueServerModel::Ours,
                            std::min(m_table->columnWidth(RogueServerModel::Ours), digit * 24));
    m_table->resizeRowsToContents();
    const int rogue = rogueCount();
    if (servers.isEmpty())
        m_summary->setText(tr("No other DHCP server has answered on the served segments."));
    else if (rogue == 0)
        m_summary->setText(tr("Only servers on the allow-list have answered."));
    else
        m_summary->setText(rogue == 1
                               ? tr("1 server not on the allow-list answers clients here: it "
                                    "may hand out a wrong router or DNS. Compare it with ours.")
                               : tr("%1 servers not on the allow-list answer clients here: they "
                                    "may hand out a wrong router or DNS. Compare them with ours.")
                                     .arg(rogue));
}

void RogueServersView::setConfiguration(const Configuration &configuration)
{
    m_configuration = configuration;
    updateOurs();
}

int RogueServersView::rogueCount() const
{
    return int(std::count_if(m_servers.begin(), m_servers.end(),
                             [](const RogueServer &s) { return !s.allowed; }));
}

void RogueServersView::updateOurs()
{
    // Servers are seen per interface, scopes are configured per subnet: the scope whose
    // subnet holds what the other server offers (or its own address) is ours there.
    QHash<QString, QString> ours;
    for (const RogueServer &server : m_servers) {
        for (const Scope &s : m_configuration.scopes) {
            if (s.containsAddress(server.offered) || s.containsAddress(server.sourceIp)) {
                ours.insert(server.interfaceName, ourSettings(s));
                break;
            }
        }
    }
    m_model->setOurSettings(ours);
}

} // namespace leasedesk
