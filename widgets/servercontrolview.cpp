#include "widgets/servercontrolview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPalette>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

constexpr int NameRole = Qt::UserRole;

QString describe(const NetworkInterfaceInfo &i)
{
    const QString address = i.address.isZero() ? ServerControlView::tr("no IPv4 address")
                                               : QString::fromStdString(i.address.toString())
            + QLatin1Char('/') + QString::number(i.prefixLength);
    return ServerControlView::tr("%1  %2, %3")
        .arg(i.name, address, i.up ? ServerControlView::tr("up") : ServerControlView::tr("down"));
}

} // namespace

ServerControlView::ServerControlView(QWidget *parent) : QWidget(parent)
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("servingStateLabel"));
    m_stateLabel->setTextFormat(Qt::PlainText);
    m_stateLabel->setWordWrap(true);
    QFont bold = m_stateLabel->font();
    bold.setBold(true);
    m_stateLabel->setFont(bold);

    m_startStop = new QPushButton(this);
    m_startStop->setObjectName(QStringLiteral("startStopButton"));

    auto *hint = new QLabel(tr("Tick the interfaces to serve on. With none ticked, LeaseDesk "
                               "serves on every interface a scope lies on."),
                            this);
    hint->setTextFormat(Qt::PlainText);
    hint->setWordWrap(true);

    m_interfaces = new QListWidget(this);
    m_interfaces->setObjectName(QStringLiteral("servingInterfaces"));
    m_interfaces->setUniformItemSizes(true);
    // A lab machine has a handful of interfaces; the settings below need the room more.
    m_interfaces->setMaximumHeight(m_interfaces->fontMetrics().height() * 7);

    auto *top = new QHBoxLayout;
    top->addWidget(m_stateLabel, 1);
    top->addWidget(m_startStop, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hint);
    layout->addWidget(m_interfaces);

    connect(m_startStop, &QPushButton::clicked, this,
            [this] { emit servingRequested(!m_state.serving); });
    connect(m_interfaces, &QListWidget::itemChanged, this, &ServerControlView::itemChanged);
    showServingState(m_state);
}

QString ServerControlView::stateText(const ServingState &state)
{
    if (state.serving)
        return state.interfaces.isEmpty()
            ? tr("Serving on every interface a scope lies on")
            : tr("Serving on %1").arg(state.interfaces.join(QStringLiteral(", ")));
    if (!state.canServe)
        return tr("Cannot serve: see the banner above");
    return tr("Stopped");
}

void ServerControlView::showServingState(const ServingState &state)
{
    m_state = state;
    m_stateLabel->setText(stateText(state));
    m_startStop->setText(state.serving ? tr("Stop serving") : tr("Start serving"));
    // Stopping is always allowed; starting needs port 67, which only the rights give.
    m_startStop->setEnabled(state.serving || state.canServe);
    m_startStop->setToolTip(m_startStop->isEnabled()
                                ? QString()
                                : tr("LeaseDesk lacks the rights to serve: the banner above "
                                     "names the command that grants them."));
    rebuildList();
}

// The list follows the engine's state; signals are blocked so that showing the state is
// never mistaken for the admin choosing interfaces.
void ServerControlView::rebuildList()
{
    const QSignalBlocker blocker(m_interfaces);
    const QString current = m_interfaces->currentItem()
        ? m_interfaces->currentItem()->data(NameRole).toString()
        : QString();
    m_interfaces->clear();
    QStringList shown;
    for (const NetworkInterfaceInfo &i : m_state.available) {
        if (i.loopback) // no other machine is on it
            continue;
        QListWidgetItem *item = addInterfaceItem(i.name, describe(i), true);
        // Down or without an address: choosable (it may come up), but nothing is served there
        // now, so it reads quieter than the live ones.
        if (!i.up || i.address.isZero())
            item->setForeground(palette().color(QPalette::PlaceholderText));
        shown << i.name;
    }
    // A chosen interface that is gone (an unplugged USB adapter) stays visible, ticked, so the
    // admin sees why nothing is served there and can untick it.
    for (const QString &name : m_state.interfaces)
        if (!shown.contains(name))
            addInterfaceItem(name, tr("%1  not present").arg(name), false)
                ->setForeground(palette().color(QPalette::PlaceholderText));
    for (int row = 0; row < m_interfaces->count(); ++row)
        if (m_interfaces->item(row)->data(NameRole).toString() == current)
            m_interfaces->setCurrentRow(row);
}

QListWidgetItem *ServerControlView::addInterfaceItem(const QString &name, const QString &text,
                                                     bool present)
{
    auto *item = new QListWidgetItem(text, m_interfaces);
    item->setData(NameRole, name);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(m_state.interfaces.contains(name) ? Qt::Checked : Qt::Unchecked);
    if (!present)
        item->setToolTip(tr("%1 is chosen but this machine has no such interface now").arg(name));
    return item;
}

void ServerControlView::itemChanged(QListWidgetItem *)
{
    emit interfacesChosen(checkedNames());
}

QStringList ServerControlView::checkedNames() const
{
    QStringList names;
    for (int row = 0; row < m_interfaces->count(); ++row)
        if (m_interfaces->item(row)->checkState() == Qt::Checked)
            names << m_interfaces->item(row)->data(NameRole).toString();
    return names;
}

} // namespace leasedesk
