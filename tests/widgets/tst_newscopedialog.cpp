// The guided "new scope" flow: only usable interfaces are offered, choosing one fills the
// proposal, the validator's messages appear beside the field they name and keep Create
// disabled, accepting returns the scope, and with no usable interface the dialog says so.
#include "widgets/newscopedialog.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>

using namespace leasedesk;

class TestNewScopeDialog : public QObject
{
    Q_OBJECT

private slots:
    void listsOnlyUsableInterfaces();
    void choosingAnInterfaceFillsTheProposal();
    void aSingleInterfaceIsProposedAtOnce();
    void routerOutsideTheSubnetBlocksCreate();
    void unreadableFieldsSayHowToWriteThem();
    void takenNameIsReported();
    void acceptReturnsTheScope();
    void aRefusalIsShownInsteadOfAProposal();
    void noUsableInterfaceSaysSoAndAllowsHandEntry();
    void screenshots();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

NetworkInterfaceInfo iface(const QString &name, const char *address, int prefix, bool up = true,
                           bool loopback = false)
{
    NetworkInterfaceInfo i;
    i.name = name;
    i.mac = loopback ? QByteArray() : QByteArray::fromHex("020000000001");
    i.address = addr(address);
    i.prefixLength = prefix;
    i.up = up;
    i.loopback = loopback;
    return i;
}

QList<NetworkInterfaceInfo> machine()
{
    return {iface(QStringLiteral("lo"), "127.0.0.1", 8, true, true),
            iface(QStringLiteral("wlp2s0"), "192.168.1.23", 24),
            iface(QStringLiteral("enp3s0"), "198.18.0.1", 24),
            iface(QStringLiteral("enx001"), "198.18.9.1", 24, false),
            iface(QStringLiteral("docker0"), "0.0.0.0", 0)};
}

void choose(NewScopeDialog &d, const QString &name)
{
    const QList<QTreeWidgetItem *> items = d.interfaceList()->findItems(name, Qt::MatchExactly);
    QVERIFY(!items.isEmpty());
    d.interfaceList()->setCurrentItem(items.first());
}

// As the admin types: textEdited, and the field counts as touched.
void type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace

void TestNewScopeDialog::listsOnlyUsableInterfaces()
{
    NewScopeDialog d(machine(), {});
    QTreeWidget *list = d.interfaceList();
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("wlp2s0"));
    QCOMPARE(list->topLevelItem(1)->text(0), QStringLiteral("enp3s0"));
    QCOMPARE(list->topLevelItem(1)->text(1), QStringLiteral("198.18.0.1/24"));
    QCOMPARE(list->topLevelItem(1)->text(2), QStringLiteral("02:00:00:00:00:01"));
    // Several candidates: nothing is chosen for the admin, so Create waits.
    QVERIFY(!list->currentItem());
    QVERIFY(d.hasErrors());
}

void TestNewScopeDialog::choosingAnInterfaceFillsTheProposal()
{
    NewScopeDialog d(machine(), {});
    choose(d, QStringLiteral("enp3s0"));
    QCOMPARE(d.edit(NewScopeDialog::Name)->text(), QStringLiteral("enp3s0"));
    QCOMPARE(d.edit(NewScopeDialog::Subnet)->text(), QStringLiteral("198.18.0.0/24"));
    QCOMPARE(d.edit(NewScopeDialog::RangeStart)->text(), QStringLiteral("198.18.0.100"));
    QCOMPARE(d.edit(NewScopeDialog::RangeEnd)->text(), QStringLiteral("198.18.0.199"));
    QCOMPARE(d.edit(NewScopeDialog::Router)->text(), QStringLiteral("198.18.0.1"));
    QCOMPARE(d.edit(NewScopeDialog::Dns)->text(), QString());
    QVERIFY(!d.hasErrors());
    QVERIFY(d.createButton()->isEnabled());
}

void TestNewScopeDialog::aSingleInterfaceIsProposedAtOnce()
{
    NewScopeDialog d({iface(QStringLiteral("enp3s0"), "10.1.2.3", 8)}, {});
    QCOMPARE(d.edit(NewScopeDialog::Subnet)->text(), QStringLiteral("10.1.2.0/24"));
    QVERIFY2(d.noteLabel()->text().contains(QStringLiteral("/8")),
             qPrintable(d.noteLabel()->text()));
    QVERIFY(d.createButton()->isEnabled());
}

void TestNewScopeDialog::routerOutsideTheSubnetBlocksCreate()
{
    NewScopeDialog d(machine(), {});
    d.show();
    choose(d, QStringLiteral("enp3s0"));
    QLabel *message = d.message(NewScopeDialog::Router);
    QVERIFY(message->isHidden());
    type(d.edit(NewScopeDialog::Router), QStringLiteral("10.0.0.1"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("outside the subnet")),
             qPrintable(message->text()));
    QVERIFY(!d.createButton()->isEnabled());
    // Fixing it clears the message and Create comes back.
    type(d.edit(NewScopeDialog::Router), QStringLiteral("198.18.0.254"));
    QVERIFY(message->isHidden());
    QVERIFY(d.createButton()->isEnabled());
}

void TestNewScopeDialog::unreadableFieldsSayHowToWriteThem()
{
    NewScopeDialog d(machine(), {});
    d.show();
    choose(d, QStringLiteral("enp3s0"));
    type(d.edit(NewScopeDialog::Subnet), QStringLiteral("198.18.0.0"));
    QVERIFY(d.message(NewScopeDialog::Subnet)->text().contains(QStringLiteral("/24")));
    type(d.edit(NewScopeDialog::Dns), QStringLiteral("198.18.0.53, dns.lab"));
    QVERIFY(d.message(NewScopeDialog::Dns)->text().contains(QStringLiteral("\"dns.lab\"")));
    QVERIFY(!d.createButton()->isEnabled());
    type(d.edit(NewScopeDialog::Name), QString());
    QCOMPARE(d.message(NewScopeDialog::Name)->text(), QStringLiteral("Required."));
}

void TestNewScopeDialog::takenNameIsReported()
{
    Scope lab;
    lab.name = QStringLiteral("lab");
    lab.network = addr("10.9.0.0");
    lab.ranges = {{addr("10.9.0.10"), addr("10.9.0.20")}};
    NewScopeDialog d(machine(), {lab});
    d.show();
    choose(d, QStringLiteral("enp3s0"));
    type(d.edit(NewScopeDialog::Name), QStringLiteral("lab"));
    QVERIFY2(d.message(NewScopeDialog::Name)->text().contains(QStringLiteral("already used")),
             qPrintable(d.message(NewScopeDialog::Name)->text()));
    QVERIFY(!d.createButton()->isEnabled());
}

void TestNewScopeDialog::acceptReturnsTheScope()
{
    NewScopeDialog d(machine(), {});
    d.show();
    choose(d, QStringLiteral("enp3s0"));
    type(d.edit(NewScopeDialog::RangeEnd), QStringLiteral("198.18.0.150"));
    type(d.edit(NewScopeDialog::Dns), QStringLiteral("198.18.0.53 198.18.0.54"));
    QTest::mouseClick(d.createButton(), Qt::LeftButton);
    QCOMPARE(d.result(), int(QDialog::Accepted));
    const Scope s = d.scope();
    QCOMPARE(s.name, QStringLiteral("enp3s0"));
    QCOMPARE(s.network, addr("198.18.0.0"));
    QCOMPARE(s.prefixLength, 24);
    QCOMPARE(s.ranges.size(), 1);
    QCOMPARE(s.ranges[0].start, addr("198.18.0.100"));
    QCOMPARE(s.ranges[0].end, addr("198.18.0.150"));
    QCOMPARE(s.router, addr("198.18.0.1"));
    QCOMPARE(s.dns, (QList<Ipv4Address>{addr("198.18.0.53"), addr("198.18.0.54")}));
    QCOMPARE(s.leaseTime, 3600u);
}

void TestNewScopeDialog::aRefusalIsShownInsteadOfAProposal()
{
    NewScopeDialog d({iface(QStringLiteral("wg0"), "198.18.5.0", 31)}, {});
    d.show();
    QVERIFY(d.noteLabel()->isVisible());
    QVERIFY2(d.noteLabel()->text().contains(QStringLiteral("point-to-point")),
             qPrintable(d.noteLabel()->text()));
    QCOMPARE(d.edit(NewScopeDialog::Subnet)->text(), QString()); // nothing guessed
    QVERIFY(!d.createButton()->isEnabled());
}

void TestNewScopeDialog::noUsableInterfaceSaysSoAndAllowsHandEntry()
{
    NewScopeDialog d({iface(QStringLiteral("lo"), "127.0.0.1", 8, true, true),
                      iface(QStringLiteral("enp3s0"), "0.0.0.0", 0)},
                     {});
    d.show();
    auto *none = d.findChild<QLabel *>(QStringLiteral("noInterfaceMessage"));
    QVERIFY(none && none->isVisible());
    QVERIFY(none->text().contains(QStringLiteral("No interface")));
    QVERIFY(d.interfaceList()->isHidden());
    QVERIFY(!d.createButton()->isEnabled());
    type(d.edit(NewScopeDialog::Subnet), QStringLiteral("198.18.4.0/24"));
    type(d.edit(NewScopeDialog::RangeStart), QStringLiteral("198.18.4.10"));
    type(d.edit(NewScopeDialog::RangeEnd), QStringLiteral("198.18.4.99"));
    QVERIFY(d.createButton()->isEnabled());
    QCOMPARE(d.scope().name, QStringLiteral("lab"));
    QCOMPARE(d.scope().router, Ipv4Address());
}

void TestNewScopeDialog::screenshots()
{
    const QString dir = QCoreApplication::applicationDirPath();
    NewScopeDialog d(machine(), {});
    d.show();
    choose(d, QStringLiteral("enp3s0"));
    QVERIFY(d.grab().save(dir + QStringLiteral("/newscopedialog-proposed.png")));
    type(d.edit(NewScopeDialog::Router), QStringLiteral("10.0.0.1"));
    type(d.edit(NewScopeDialog::RangeStart), QStringLiteral("198.18.0.0"));
    // The dialog grows to show every message; the window system applies that a moment later.
    QTRY_VERIFY(d.height() >= d.layout()->totalHeightForWidth(d.width()));
    QVERIFY(d.grab().save(dir + QStringLiteral("/newscopedialog-errors.png")));
    NewScopeDialog empty({}, {});
    empty.show();
    QVERIFY(empty.grab().save(dir + QStringLiteral("/newscopedialog-nointerface.png")));
}

QTEST_MAIN(TestNewScopeDialog)
#include "tst_newscopedialog.moc"
