// Kea export: kea-dhcp4 itself must accept what we write (kea-dhcp4 -t), and the pools must be
// the ranges minus the exclusions.
#include "configtestdata.h"
#include "core/keaexporter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace leasedesk;

class TestKeaExporter : public QObject
{
    Q_OBJECT

private slots:
    void poolsAreRangesMinusExclusions();
    void reservationsByMacAndClientId();
    void keaAcceptsTheExport_data();
    void keaAcceptsTheExport();
};

namespace {

QJsonObject exportOf(const Configuration &c, QStringList *notes = nullptr)
{
    const KeaExportResult r = KeaExporter::exportConfiguration(c);
    if (notes)
        *notes = r.notes;
    return QJsonDocument::fromJson(r.json).object().value(QStringLiteral("Dhcp4")).toObject();
}

} // namespace

void TestKeaExporter::poolsAreRangesMinusExclusions()
{
    const auto config = loadTestConfig(QStringLiteral("two-scopes.json"));
    QVERIFY(config);
    const QJsonArray subnets = exportOf(*config).value(QStringLiteral("subnet4")).toArray();
    QCOMPARE(subnets.size(), 2);
    QStringList pools;
    for (const QJsonValue &p : subnets[0].toObject().value(QStringLiteral("pools")).toArray())
        pools.append(p.toObject().value(QStringLiteral("pool")).toString());
    QCOMPARE(pools,
             (QStringList{QStringLiteral("198.18.0.100 - 198.18.0.109"),
                          QStringLiteral("198.18.0.120 - 198.18.0.149"),
                          QStringLiteral("198.18.0.151 - 198.18.0.199"),
                          QStringLiteral("198.18.0.220 - 198.18.0.250")}));
    const QJsonObject second = subnets[1].toObject();
    QCOMPARE(second.value(QStringLiteral("subnet")).toString(), QStringLiteral("198.19.0.0/16"));
    QCOMPARE(second.value(QStringLiteral("valid-lifetime")).toInt(), 600);
    QCOMPARE(second.value(QStringLiteral("renew-timer")).toInt(), 200);
    QCOMPARE(second.value(QStringLiteral("rebind-timer")).toInt(), 500);
}

void TestKeaExporter::reservationsByMacAndClientId()
{
    const auto config = loadTestConfig(QStringLiteral("two-scopes.json"));
    QStringList notes;
    const QJsonObject dhcp4 = exportOf(*config, &notes);
    const QJsonArray res = dhcp4.value(QStringLiteral("subnet4"))
                               .toArray()[0]
                               .toObject()
                               .value(QStringLiteral("reservations"))
                               .toArray();
    // node1 (one MAC), node2 (two MACs: two reservations of one address), the client-id one;
    // the disabled one is left out and said so.
    QCOMPARE(res.size(), 4);
    QCOMPARE(res[0].toObject().value(QStringLiteral("hw-address")).toString(),
             QStringLiteral("02:00:00:00:00:01"));
    QCOMPARE(res[3].toObject().value(QStringLiteral("client-id")).toString(),
             QStringLiteral("01:02:00:00:00:00:09"));
    QCOMPARE(res[3].toObject().value(QStringLiteral("boot-file-name")).toString(),
             QStringLiteral("ipxe.efi"));
    QCOMPARE(dhcp4.value(QStringLiteral("ip-reservations-unique")).toBool(true), false);
    QVERIFY(notes.contains(
        QStringLiteral("scope bench: the disabled reservation for 198.18.0.53 is left out")));
    QVERIFY(notes.contains(QStringLiteral(
        "scope relayed: offer_delay_ms has no kea-dhcp4 equivalent and is left out")));
    QVERIFY(notes.contains(QStringLiteral(
        "scope relayed: the mac_allow pattern 02:00:5e:0?:* uses ? wildcards, which a "
        "Kea expression cannot match; it is left out")));
}

void TestKeaExporter::keaAcceptsTheExport_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("design example") << QStringLiteral("design-example.json");
    QTest::newRow("two scopes, exclusions, MAC and client-id reservations, custom options")
        << QStringLiteral("two-scopes.json");
}

void TestKeaExporter::keaAcceptsTheExport()
{
    QFETCH(QString, file);
    const QString kea = QStandardPaths::findExecutable(
        QStringLiteral("kea-dhcp4"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (kea.isEmpty())
        QSKIP("kea-dhcp4 is not installed (package kea-dhcp4-server; scripts/install-deps.sh test "
              "installs it)");
    const auto config = loadTestConfig(file);
    QVERIFY(config);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kea-dhcp4.json"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(KeaExporter::exportConfiguration(*config).json);
    out.close();

    QProcess p;
    p.start(kea, {QStringLiteral("-t"), path});
    QVERIFY(p.waitForFinished(30000));
    const QByteArray output = p.readAllStandardOutput() + p.readAllStandardError();
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, output.constData());
}

QTEST_APPLESS_MAIN(TestKeaExporter)
#include "tst_keaexporter.moc"
