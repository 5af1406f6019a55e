// The packet decoder tab: what an admin sees after pasting a hex dump.
#include "widgets/mainwindow.h"
#include "widgets/packetdecoderview.h"

#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace leasedesk;

class TestPacketDecoderView : public QObject
{
    Q_OBJECT

private slots:
    // The window restores its layout from QSettings: never the developer's own.
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LeaseDeskTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_packetdecoderview"));
    }
    void showsEveryFieldOfAGoldenPacket();
    void readsTcpdumpHexDumps();
    void namesWhatIsWrong();
    void opensRawAndHexCaptures();
    void mainWindowShowsItsIconAndDatabase();
};

namespace {

QString valueOf(QTreeWidget *tree, const QString &field)
{
    const auto found = tree->findItems(field, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return found.size() == 1 ? found.front()->text(1)
                             : QStringLiteral("<%1 rows>").arg(found.size());
}

} // namespace

void TestPacketDecoderView::showsEveryFieldOfAGoldenPacket()
{
    QFile f(QStringLiteral(LEASEDESK_TEST_DATA "/golden/udhcpc-request.bin"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    PacketDecoderView view;
    auto *input = view.findChild<QPlainTextEdit *>(QStringLiteral("input"));
    auto *tree = view.findChild<QTreeWidget *>(QStringLiteral("fields"));
    input->setPlainText(QString::fromLatin1(f.readAll().toHex(' ')));

    QCOMPARE(valueOf(tree, QStringLiteral("chaddr")), QStringLiteral("02:00:00:00:00:02"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 53 DHCP Message Type")),
             QStringLiteral("REQUEST (3)"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 54 Server Identifier")),
             QStringLiteral("198.18.0.1"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 12 Host Name")), QStringLiteral("golden-udhcpc"));
    QCOMPARE(tree->topLevelItem(1)->text(0), QStringLiteral("Options (8)"));
    auto *status = view.findChild<QLabel *>(QStringLiteral("status"));
    QVERIFY2(status->text().startsWith(QStringLiteral("307 bytes: REQUEST xid 0x")),
             qPrintable(status->text()));
}

void TestPacketDecoderView::readsTcpdumpHexDumps()
{
    // The offset column and the ASCII column of `tcpdump -X` are not bytes.
    QString error;
    const QByteArray b = PacketDecoderView::bytesFromHexText(
        QStringLiteral("\t0x0000:  0101 0600 1234 5678 0000 8000  ....4Vx.....\n"
                       "\t0x0010:  c612 0001                           ....\n"),
        &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(b.toHex(), QByteArray("010106001234567800008000c6120001"));

    // Wireshark's "Copy as Hex Dump": an ASCII column that looks like hex is still not data.
    const QByteArray w = PacketDecoderView::bytesFromHexText(
        QStringLiteral(
            "0000   61 62 61 62 61 62 61 62  61 62 61 62 61 62 61 62   abababab abababab\n"
            "0010   01 02                                              ..\n"),
        &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(w.toHex(), QByteArray("616261626162616261626162616261620102"));
}

void TestPacketDecoderView::namesWhatIsWrong()
{
    PacketDecoderView view;
    auto *input = view.findChild<QPlainTextEdit *>(QStringLiteral("input"));
    auto *status = view.findChild<QLabel *>(QStringLiteral("status"));
    input->setPlainText(QStringLiteral("01 01 06"));
    QCOMPARE(status->text(),
             QStringLiteral("3 bytes, not a usable DHCP message: the message is 3 octets "
                            "long; a DHCP message needs at least 240 (a 236-octet "
                            "header and the 4-octet magic cookie). The fields in front of the "
                            "fault are listed; every byte is in the dump."));
    input->setPlainText(QStringLiteral("01 0g"));
    QCOMPARE(status->text(), QStringLiteral("Cannot read the hex: \"g\" is not a hex digit."));
    QCOMPARE(view.findChild<QTreeWidget *>(QStringLiteral("fields"))->topLevelItemCount(), 0);
}

void TestPacketDecoderView::opensRawAndHexCaptures()
{
    PacketDecoderView view;
    auto *tree = view.findChild<QTreeWidget *>(QStringLiteral("fields"));
    QCOMPARE(view.openFile(QStringLiteral(LEASEDESK_TEST_DATA "/golden/dhcpcd-discover.bin")),
             QString());
    QCOMPARE(valueOf(tree, QStringLiteral("Option 57 Maximum DHCP Message Size")),
             QStringLiteral("1472"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 80 Rapid Commit")), QStringLiteral("(no value)"));

    QTemporaryDir dir;
    const QString hexFile = dir.filePath(QStringLiteral("discover.hex"));
    QFile f(hexFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QFile golden(QStringLiteral(LEASEDESK_TEST_DATA "/golden/dhclient-discover.bin"));
    QVERIFY(golden.open(QIODevice::ReadOnly));
    f.write(golden.readAll().toHex());
    f.close();
    QCOMPARE(view.openFile(hexFile), QString());
    QCOMPARE(valueOf(tree, QStringLiteral("Option 12 Host Name")),
             QStringLiteral("golden-dhclient"));

    QVERIFY(view.openFile(dir.filePath(QStringLiteral("missing.bin")))
                .startsWith(QStringLiteral("Cannot open")));
}

void TestPacketDecoderView::mainWindowShowsItsIconAndDatabase()
{
    MainWindow window;
    QVERIFY(!window.windowIcon().pixmap(32).isNull()); // the SVG icon engine is installed
    EngineStatus status{QStringLiteral("/tmp/lab.sqlite"),
                        3,
                        2,
                        1,
                        false,
                        {QStringLiteral("cannot bind UDP port 67: permission denied")}};
    window.showEngineStatus(status);
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("databaseSummary"))->text(),
             QStringLiteral(
                 "Database: /tmp/lab.sqlite · configuration revision 3 · 2 scopes · 1 lease"));
    // The status bar stays one short line; the reason is in its tooltip and in the banner.
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("servingStatus"))->text(),
             QStringLiteral("Not serving (see the note above the tabs)"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("servingStatus"))->toolTip(),
             QStringLiteral("cannot bind UDP port 67: permission denied"));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("privilegeBanner"))
                ->text()
                .contains(QStringLiteral("• cannot bind UDP port 67: permission denied")));
    status.serving = true;
    window.showEngineStatus(status);
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("servingStatus"))
                ->text()
                .startsWith(QStringLiteral("Serving")));
}

QTEST_MAIN(TestPacketDecoderView)
#include "tst_packetdecoderview.moc"
