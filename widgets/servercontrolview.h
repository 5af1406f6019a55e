#pragma once

#include "engine/servingstate.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace leasedesk {

// Server control (issue 6): whether LeaseDesk serves, on which interfaces, and the one
// button that starts or stops it. Compact enough for a dock or a tab. Fed only with the
// engine's ServingState; what the admin changes leaves as signals, and the engine's next
// state is what the view then shows.
class ServerControlView : public QWidget
{
    Q_OBJECT
public:
    explicit ServerControlView(QWidget *parent = nullptr);

    const ServingState &state() const { return m_state; }
    QLabel *stateLabel() const { return m_stateLabel; }
    QListWidget *interfaceList() const { return m_interfaces; }
    QPushButton *startStopButton() const { return m_startStop; }

    // "Serving on enp3s0, lab0", "Stopped", "Cannot serve: see the banner above".
    static QString stateText(const ServingState &state);

public slots:
    void showServingState(const leasedesk::ServingState &state);

signals:
    void servingRequested(bool serve);
    // Empty: every interface a scope lies on.
    void interfacesChosen(const QStringList &names);

private:
    void rebuildList();
    QListWidgetItem *addInterfaceItem(const QString &name, const QString &text, bool present);
    void itemChanged(QListWidgetItem *item);
    QStringList checkedNames() const;

    ServingState m_state;
    QLabel *m_stateLabel = nullptr;
    QListWidget *m_interfaces = nullptr;
    QPushButton *m_startStop = nullptr;
};

} // namespace leasedesk
