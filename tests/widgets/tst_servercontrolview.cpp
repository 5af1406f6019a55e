// Server control as the admin sees it: the state in plain words, the interfaces to tick
// (loopback hidden, a chosen but vanished one kept), and Start/Stop, which needs the rights.
#include "widgets/servercontrolview.h"

#include <QCoreApplication>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestServerControlView : public QObject
{
    Q_OBJECT

private slots:
    void stateIsSaidInPlainWords_data();
    void stateIsSaidInPlainWords();
    void listsInterfacesWithoutLoopback();
    void checkingAnInterfaceEmitsTheChosenSet();
    void showingAStateEmitsNothing();
    void startStopAsksForTheOtherState();
    void startNeedsTheRights();
    void screenshots();
};

namespace {

NetworkInterfaceInfo iface(const QString &name, const char *address, int prefix, bool up = true,
                           bool loopback = false)
{
    NetworkInterfaceInfo i;
    i.name = name;
    i.address = *Ipv4Address::fromString(address);
    i.prefixLength = prefix;
    i.up = up;
    i.loopback = loopback;
    return i;
}

ServingState state(bool serving, bool canServe, const QStringList &chosen = {})
{
    ServingState s;
    s.serving = serving;
    s.canServe = canServe;
    s.interfaces = chosen;
    s.available = {iface(QStringLiteral("lo"), "127.0.0.1", 8, true, true),
                   iface(QStringLiteral("enp3s0"), "198.18.0.1", 24),
                   iface(QStringLiteral("lab0"), "198.18.1.1", 24, false),
                   iface(QStringLiteral("wlp2s0"), "0.0.0.0", 0)};
    return s;
}

QListWidgetItem *item(ServerControlView &v, const QString &name)
{
    for (int row = 0; row < v.interfaceList()->count(); ++row)
        if (v.interfaceList()->item(row)->text().startsWith(name + QLatin1Char(' ')))
            return v.interfaceList()->item(row);
    return nullptr;
}

} // namespace

void TestServerControlView::stateIsSaidInPlainWords_data()
{
    QTest::addColumn<ServingState>("given");
    QTest::addColumn<QString>("text");
    const QStringList both{QStringLiteral("enp3s0"), QStringLiteral("lab0")};
    QTest::newRow("serving chosen")
        << state(true, true, both) << QStringLiteral("Serving on enp3s0, lab0");
    QTest::newRow("serving all") << state(true, true)
                                 << QStringLiteral("Serving on every interface a scope lies on");
    QTest::newRow("stopped") << state(false, true) << QStringLiteral("Stopped");
    QTest::newRow("no rights") << state(false, false)
                               << QStringLiteral("Cannot serve: see the banner above");
}

void TestServerControlView::stateIsSaidInPlainWords()
{
    QFETCH(ServingState, given);
    QFETCH(QString, text);
    ServerControlView v;
    v.showServingState(given);
    QCOMPARE(v.stateLabel()->text(), text);
}

void TestServerControlView::listsInterfacesWithoutLoopback()
{
    ServerControlView v;
    v.showServingState(state(false, true, {QStringLiteral("lab0"), QStringLiteral("usb0")}));
    QListWidget *list = v.interfaceList();
    QCOMPARE(list->count(), 4);
    QCOMPARE(list->item(0)->text(), QStringLiteral("enp3s0  198.18.0.1/24, up"));
    QCOMPARE(list->item(1)->text(), QStringLiteral("lab0  198.18.1.1/24, down"));
    QCOMPARE(list->item(2)->text(), QStringLiteral("wlp2s0  no IPv4 address, up"));
    QCOMPARE(list->item(3)->text(), QStringLiteral("usb0  not present"));
    QCOMPARE(list->item(0)->checkState(), Qt::Unchecked);
    QCOMPARE(list->item(1)->checkState(), Qt::Checked);
    QCOMPARE(list->item(3)->checkState(), Qt::Checked);
    QVERIFY(!item(v, QStringLiteral("lo")));
}

void TestServerControlView::checkingAnInterfaceEmitsTheChosenSet()
{
    ServerControlView v;
    v.showServingState(state(true, true, {QStringLiteral("lab0")}));
    QSignalSpy chosen(&v, &ServerControlView::interfacesChosen);
    item(v, QStringLiteral("enp3s0"))->setCheckState(Qt::Checked);
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.at(0).at(0).toStringList(),
             (QStringList{QStringLiteral("enp3s0"), QStringLiteral("lab0")}));
    item(v, QStringLiteral("enp3s0"))->setCheckState(Qt::Unchecked);
    item(v, QStringLiteral("lab0"))->setCheckState(Qt::Unchecked);
    QCOMPARE(chosen.size(), 3);
    QCOMPARE(chosen.at(2).at(0).toStringList(), QStringList()); // every scope's interface
}

void TestServerControlView::showingAStateEmitsNothing()
{
    ServerControlView v;
    QSignalSpy chosen(&v, &ServerControlView::interfacesChosen);
    QSignalSpy serving(&v, &ServerControlView::servingRequested);
    v.showServingState(state(true, true, {QStringLiteral("enp3s0")}));
    v.showServingState(state(false, true));
    QCOMPARE(chosen.size(), 0);
    QCOMPARE(serving.size(), 0);
}

void TestServerControlView::startStopAsksForTheOtherState()
{
    ServerControlView v;
    QSignalSpy serving(&v, &ServerControlView::servingRequested);
    v.showServingState(state(false, true));
    QCOMPARE(v.startStopButton()->text(), QStringLiteral("Start serving"));
    QTest::mouseClick(v.startStopButton(), Qt::LeftButton);
    v.showServingState(state(true, true));
    QCOMPARE(v.startStopButton()->text(), QStringLiteral("Stop serving"));
    QTest::mouseClick(v.startStopButton(), Qt::LeftButton);
    QCOMPARE(serving.size(), 2);
    QCOMPARE(serving.at(0).at(0).toBool(), true);
    QCOMPARE(serving.at(1).at(0).toBool(), false);
}

void TestServerControlView::startNeedsTheRights()
{
    ServerControlView v;
    QSignalSpy serving(&v, &ServerControlView::servingRequested);
    v.showServingState(state(false, false));
    QVERIFY(!v.startStopButton()->isEnabled());
    QVERIFY(v.startStopButton()->toolTip().contains(QStringLiteral("banner")));
    QTest::mouseClick(v.startStopButton(), Qt::LeftButton);
    QCOMPARE(serving.size(), 0);
    // Choosing interfaces still works: it is configuration, not serving.
    QSignalSpy chosen(&v, &ServerControlView::interfacesChosen);
    item(v, QStringLiteral("enp3s0"))->setCheckState(Qt::Checked);
    QCOMPARE(chosen.size(), 1);
}

void TestServerControlView::screenshots()
{
    const QString dir = QCoreApplication::applicationDirPath();
    ServerControlView v;
    v.resize(360, 240);
    v.show();
    v.showServingState(state(true, true, {QStringLiteral("enp3s0"), QStringLiteral("lab0")}));
    QVERIFY(v.grab().save(dir + QStringLiteral("/servercontrolview-serving.png")));
    v.showServingState(state(false, false));
    QVERIFY(v.grab().save(dir + QStringLiteral("/servercontrolview-norights.png")));
}

QTEST_MAIN(TestServerControlView)
#include "tst_servercontrolview.moc"
