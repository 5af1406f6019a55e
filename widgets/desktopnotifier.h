#pragma once

#include "core/networkwatch.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>

namespace leasedesk {

// Alerts as desktop notifications where the desktop offers them (issue 8), through the
// freedesktop.org notification service on the session bus (org.freedesktop.Notifications,
// the Desktop Notifications Specification), which GNOME, KDE and most others provide. No
// system tray is needed. Calls are asynchronous, so a slow or missing service never blocks
// the window; without one the events panel still shows everything, and unavailable() says
// once why nothing pops up.
//
// Only what needs the admin's attention is notified (wants()), and the same alert (kind and
// scope or address) at most once per RepeatMs.
class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 RepeatMs = 60'000;

    // The user's session bus.
    explicit DesktopNotifier(QObject *parent = nullptr);
    // Another bus (tests run a private one).
    explicit DesktopNotifier(const QDBusConnection &bus, QObject *parent = nullptr);

    // Conflicts, other servers, pool exhausted, decline storms and utilization warnings and
    // critical levels; not the self-check or good news (Info).
    static bool wants(const NetworkEvent &event);
    static QString title(const NetworkEvent &event);

public slots:
    void notify(const leasedesk::NetworkEvent &event);

signals:
    // The service took the notification and gave it this id.
    void notificationShown(uint id, const QString &title);
    void unavailable(const QString &why);

private:
    void failed(const QString &why);

    QDBusConnection m_bus;
    QHash<QString, qint64> m_lastShownMs; // kind + subject → when
    bool m_saidUnavailable = false;
};

} // namespace leasedesk
