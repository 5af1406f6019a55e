// The packet decoder tab: what an admin sees after pasting a hex dump.
#include "widgets/packetdecoderview.h"

#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <QTreeWidget>

using namespace leasedesk;

class TestPacketDecoderView : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryFieldOfAGoldenPacket();
    void readsTcpdumpHexDumps();
    void namesWhatIsWrong();
};

namespace {

QString valueOf(QTreeWidget *tree, const QString &field)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0) == field)
            return tree->topLevelItem(i)->text(1);
    return {};
}

} // namespace

void TestPacketDecoderView::showsEveryFieldOfAGoldenPacket()
{
    QFile f(QStringLiteral(LEASEDESK_TEST_DATA "/golden/udhcpc-request.bin"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    PacketDecoderView view;
    auto *input = view.findChild<QPlainTextEdit *>();
    auto *tree = view.findChild<QTreeWidget *>();
    input->setPlainText(QString::fromLatin1(f.readAll().toHex(' ')));

    QCOMPARE(valueOf(tree, QStringLiteral("chaddr")), QStringLiteral("02:00:00:00:00:02"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 53 DHCP Message Type")),
             QStringLiteral("REQUEST (3)"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 54 Server Identifier")),
             QStringLiteral("198.18.0.1"));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 12 Host Name")), QStringLiteral("golden-udhcpc"));
    auto *status = view.findChild<QLabel *>();
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
}

void TestPacketDecoderView::namesWhatIsWrong()
{
    PacketDecoderView view;
    auto *input = view.findChild<QPlainTextEdit *>();
    auto *status = view.findChild<QLabel *>();
    input->setPlainText(QStringLiteral("01 01 06"));
    QCOMPARE(status->text(),
             QStringLiteral("3 bytes, not a usable DHCP message: the message is 3 octets "
                            "long; a DHCP message needs at least 240 (a 236-octet "
                            "header and the 4-octet magic cookie)."));
    input->setPlainText(QStringLiteral("01 0g"));
    QCOMPARE(status->text(), QStringLiteral("Cannot read the hex: \"g\" is not a hex digit."));
    QCOMPARE(view.findChild<QTreeWidget *>()->topLevelItemCount(), 0);
}

QTEST_MAIN(TestPacketDecoderView)
#include "tst_packetdecoderview.moc"
