// Alerts as desktop notifications (issue 8): on a private D-Bus session bus started by the
// test, a stand-in for the desktop's notification service (org.freedesktop.Notifications)
// receives what DesktopNotifier sends; without the service, the console says once that
// alerts stay in the events panel.
#include "widgets/desktopnotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace leasedesk;

namespace {

// Answers Notify as a desktop would, and remembers every call.
class FakeNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString app, icon, summary, body;
        QVariantMap hints;
    };
    QList<Call> calls;

public slots:
    uint Notify(const QString &app, uint replaces, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints,
                int timeout)
    {
        Q_UNUSED(replaces);
        Q_UNUSED(actions);
        Q_UNUSED(timeout);
        calls.append({app, icon, summary, body, hints});
        return uint(calls.size());
    }
};

NetworkEvent alert(NetworkEvent::Kind kind, NetworkEvent::Severity severity, const QString &scope,
                   const QString &text)
{
    NetworkEvent e;
    e.kind = kind;
    e.severity = severity;
    e.scope = scope;
    e.text = text;
    return e;
}

} // namespace

class TestDesktopNotifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void alertsReachTheDesktop();
    void onlyAlertsThatMatterAndNotTwice();
    void withoutAServiceItSaysSoOnce();
    void withoutABusItSaysSoOnce();

private:
    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
};

// A bus of our own: the test never touches the user's session or the system bus.
void TestDesktopNotifier::initTestCase()
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed (scripts/install-deps.sh test installs it)");
    QVERIFY(m_dir.isValid());
    const QString config = m_dir.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(
                   "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                   "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                   "<busconfig><type>session</type><listen>unix:tmpdir=%1</listen>"
                   "<auth>EXTERNAL</auth><policy context=\"default\">"
                   "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                   "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                   .arg(m_dir.path())
                   .toUtf8());
    file.close();
    m_daemon.start(daemon,
                   {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                    QStringLiteral("--print-address")});
    QVERIFY2(m_daemon.waitForStarted(5000), qPrintable(m_daemon.errorString()));
    QVERIFY(QTest::qWaitFor([this] { return m_daemon.canReadLine(); }, 5000));
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    QVERIFY(!m_address.isEmpty());
}

void TestDesktopNotifier::cleanupTestCase()
{
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate(); // our own child, by its PID
        if (!m_daemon.waitForFinished(5000))
            m_daemon.kill();
    }
}

void TestDesktopNotifier::alertsReachTheDesktop()
{
    QDBusConnection desktop = QDBusConnection::connectToBus(m_address, QStringLiteral("desktop"));
    QVERIFY(desktop.isConnected());
    FakeNotifications fake;
    QVERIFY(desktop.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &fake,
                                   QDBusConnection::ExportAllSlots));
    QVERIFY(desktop.registerService(QStringLiteral("org.freedesktop.Notifications")));

    DesktopNotifier notifier(QDBusConnection::connectToBus(m_address, QStringLiteral("console")));
    QSignalSpy shown(&notifier, &DesktopNotifier::notificationShown);
    notifier.notify(alert(NetworkEvent::Kind::PoolExhausted, NetworkEvent::Severity::Critical,
                          QStringLiteral("lab"), QStringLiteral("lab has no free <address> left")));
    QVERIFY(shown.wait(5000));
    QCOMPARE(fake.calls.size(), 1);
    QCOMPARE(fake.calls[0].app, QStringLiteral("LeaseDesk"));
    QCOMPARE(fake.calls[0].summary, QStringLiteral("Pool exhausted: lab"));
    // Markup in client-supplied text is escaped, never interpreted.
    QCOMPARE(fake.calls[0].body, QStringLiteral("lab has no free &lt;address&gt; left"));
    QCOMPARE(fake.calls[0].hints.value(QStringLiteral("urgency")).toInt(), 2);
    QCOMPARE(shown.at(0).at(1).toString(), QStringLiteral("Pool exhausted: lab"));

    desktop.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
    desktop.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
    QDBusConnection::disconnectFromBus(QStringLiteral("desktop"));
    QDBusConnection::disconnectFromBus(QStringLiteral("console"));
}

void TestDesktopNotifier::onlyAlertsThatMatterAndNotTwice()
{
    using Kind = NetworkEvent::Kind;
    using Severity = NetworkEvent::Severity;
    QVERIFY(DesktopNotifier::wants(alert(Kind::Conflict, Severity::Warning, {}, {})));
    QVERIFY(DesktopNotifier::wants(alert(Kind::RogueServer, Severity::Critical, {}, {})));
    QVERIFY(DesktopNotifier::wants(alert(Kind::DeclineStorm, Severity::Critical, {}, {})));
    QVERIFY(DesktopNotifier::wants(alert(Kind::Utilization, Severity::Warning, {}, {})));
    QVERIFY(!DesktopNotifier::wants(alert(Kind::Utilization, Severity::Info, {}, {})));
    QVERIFY(!DesktopNotifier::wants(alert(Kind::SelfCheck, Severity::Critical, {}, {})));
    QVERIFY(!DesktopNotifier::wants(alert(Kind::KnownServer, Severity::Info, {}, {})));

    QDBusConnection desktop = QDBusConnection::connectToBus(m_address, QStringLiteral("desktop2"));
    FakeNotifications fake;
    QVERIFY(desktop.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &fake,
                                   QDBusConnection::ExportAllSlots));
    QVERIFY(desktop.registerService(QStringLiteral("org.freedesktop.Notifications")));
    DesktopNotifier notifier(QDBusConnection::connectToBus(m_address, QStringLiteral("console2")));
    QSignalSpy shown(&notifier, &DesktopNotifier::notificationShown);
    const NetworkEvent warning =
        alert(Kind::Utilization, Severity::Warning, QStringLiteral("lab"), QStringLiteral("82 %"));
    notifier.notify(warning);
    notifier.notify(warning); // the same alert within a minute: once
    notifier.notify(alert(Kind::SelfCheck, Severity::Info, {}, QStringLiteral("ok")));
    notifier.notify(alert(Kind::Utilization, Severity::Critical, QStringLiteral("lab"),
                          QStringLiteral("93 %")));
    QVERIFY(QTest::qWaitFor([&] { return shown.size() >= 2; }, 5000));
    QTest::qWait(100); // nothing else arrives
    QCOMPARE(fake.calls.size(), 2);
    QCOMPARE(fake.calls[0].summary, QStringLiteral("lab filling up"));
    QCOMPARE(fake.calls[1].summary, QStringLiteral("lab almost full"));
    QDBusConnection::disconnectFromBus(QStringLiteral("desktop2"));
    QDBusConnection::disconnectFromBus(QStringLiteral("console2"));
}

void TestDesktopNotifier::withoutAServiceItSaysSoOnce()
{
    DesktopNotifier notifier(QDBusConnection::connectToBus(m_address, QStringLiteral("console3")));
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(alert(NetworkEvent::Kind::Conflict, NetworkEvent::Severity::Warning, {},
                          QStringLiteral("198.18.0.5 is in use")));
    QVERIFY(unavailable.wait(5000));
    QVERIFY2(unavailable.at(0).at(0).toString().contains(QStringLiteral("events panel")),
             qPrintable(unavailable.at(0).at(0).toString()));
    notifier.notify(alert(NetworkEvent::Kind::RogueServer, NetworkEvent::Severity::Critical, {},
                          QStringLiteral("another server")));
    QTest::qWait(300);
    QCOMPARE(unavailable.size(), 1);
    QDBusConnection::disconnectFromBus(QStringLiteral("console3"));
}

void TestDesktopNotifier::withoutABusItSaysSoOnce()
{
    DesktopNotifier notifier(QDBusConnection::connectToBus(
        QStringLiteral("unix:path=/nonexistent/bus"), QStringLiteral("nobus")));
    QSignalSpy unavailable(&notifier, &DesktopNotifier::unavailable);
    notifier.notify(alert(NetworkEvent::Kind::Conflict, NetworkEvent::Severity::Warning, {}, {}));
    notifier.notify(
        alert(NetworkEvent::Kind::RogueServer, NetworkEvent::Severity::Warning, {}, {}));
    QCOMPARE(unavailable.size(), 1);
    QVERIFY(unavailable.at(0).at(0).toString().contains(QStringLiteral("no desktop session bus")));
}

QTEST_GUILESS_MAIN(TestDesktopNotifier)
#include "tst_desktopnotifier.moc"
