#include "widgets/desktopnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDateTime>
#include <QVariantMap>

namespace leasedesk {

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");

// Desktop Notifications Specification, "Urgency Levels": 1 normal, 2 critical.
uchar urgency(NetworkEvent::Severity severity)
{
    return severity == NetworkEvent::Severity::Critical ? 2 : 1;
}

QString subject(const NetworkEvent &e)
{
    return QStringLiteral("%1|%2|%3")
        .arg(int(e.kind))
        .arg(e.scope)
        .arg(e.kind == NetworkEvent::Kind::Utilization
                 ? QString::number(int(e.severity))
                 : QString::fromStdString(e.address.toString()));
}

} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent)
    : DesktopNotifier(QDBusConnection::sessionBus(), parent)
{ }

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus)
{ }

bool DesktopNotifier::wants(const NetworkEvent &event)
{
    using Kind = NetworkEvent::Kind;
    switch (event.kind) {
    case Kind::Conflict:
    case Kind::RogueServer: return true;
    case Kind::PoolExhausted: // good news ("free addresses again") stays in the panel
    case Kind::DeclineStorm:
    case Kind::Overload: // "overload over" stays in the panel too
    case Kind::Utilization: return event.severity != NetworkEvent::Severity::Info;
    case Kind::KnownServer:
    case Kind::SelfCheck: return false;
    }
    return false;
}

QString DesktopNotifier::title(const NetworkEvent &event)
{
    using Kind = NetworkEvent::Kind;
    switch (event.kind) {
    case Kind::Conflict: return tr("Address conflict");
    case Kind::RogueServer: return tr("Another DHCP server answers");
    case Kind::PoolExhausted: return tr("Pool exhausted: %1").arg(event.scope);
    case Kind::DeclineStorm: return tr("Decline storm: %1").arg(event.scope);
    case Kind::Overload: return tr("DHCP requests dropped: server overloaded");
    case Kind::Utilization:
        return event.severity == NetworkEvent::Severity::Critical
            ? tr("%1 almost full").arg(event.scope)
            : tr("%1 filling up").arg(event.scope);
    case Kind::KnownServer:
    case Kind::SelfCheck: break;
    }
    return tr("LeaseDesk");
}

void DesktopNotifier::notify(const NetworkEvent &event)
{
    if (!wants(event))
        return;
    if (!m_bus.isConnected()) {
        failed(tr("no desktop session bus, so alerts are shown in the events panel only"));
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString key = subject(event);
    if (auto it = m_lastShownMs.constFind(key);
        it != m_lastShownMs.constEnd() && now - *it < RepeatMs)
        return;
    m_lastShownMs.insert(key, now);

    QDBusMessage call =
        QDBusMessage::createMethodCall(Service, Path, Service, QStringLiteral("Notify"));
    const QVariantMap hints{
        {QStringLiteral("urgency"), QVariant::fromValue(urgency(event.severity))},
        {QStringLiteral("desktop-entry"), QStringLiteral("leasedesk")},
    };
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout);
    // the body is plain text: it carries hostnames from the wire.
    const QString title = DesktopNotifier::title(event);
    QString body = event.text;
    body.replace(QLatin1Char('&'), QStringLiteral("&amp;"))
        .replace(QLatin1Char('<'), QStringLiteral("&lt;"))
        .replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    call << QStringLiteral("LeaseDesk") << uint(0) << QStringLiteral("leasedesk") << title << body
         << QStringList() << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, title](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<uint> reply = *w;
                if (reply.isError())
                    failed(tr("the desktop shows no notifications (%1), so alerts are shown in "
                              "the events panel only")
                               .arg(reply.error().message()));
                else
                    emit notificationShown(reply.value(), title);
            });
}

void DesktopNotifier::failed(const QString &why)
{
    if (std::exchange(m_saidUnavailable, true))
        return;
    emit unavailable(why);
}

} // namespace leasedesk
