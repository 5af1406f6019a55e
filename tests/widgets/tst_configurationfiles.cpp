// File ▸ Import/Export as an admin uses it: a file from another machine comes in as one
// undoable edit, a broken file is refused with its errors and changes nothing, exports give
// back what was edited (JSON, Kea, reservations CSV), and a folder that cannot be written is
// reported instead of leaving half a file.
#include "core/configurationjson.h"
#include "core/reservationcsv.h"
#include "widgets/configurationdocument.h"
#include "widgets/configurationfiles.h"
#include "widgets/packetratemeter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <QWidget>

using namespace leasedesk;

class TestConfigurationFiles : public QObject
{
    Q_OBJECT

private slots:
    void importIsOneUndoableEdit();
    void brokenFileIsRefusedWithItsErrors();
    void exportGivesBackTheEditedConfiguration();
    void keaExportIsKeaJson();
    void reservationsOfTheChosenScope();
    void unwritableFolderIsReported();
    void packetRateFollowsTheLastSeconds();

private:
    QString write(const QString &name, const QByteArray &data);
    QTemporaryDir m_dir;
};

namespace {

const QByteArray LabJson = R"({
  "scopes": [{
    "name": "bench",
    "subnet": "198.18.0.0/24",
    "ranges": [{"start": "198.18.0.100", "end": "198.18.0.199"}],
    "router": "198.18.0.1",
    "reservations": [{"mac": "02:00:00:00:00:07", "ip": "198.18.0.7", "hostname": "psu"}]
  }]
})";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

QString TestConfigurationFiles::write(const QString &name, const QByteArray &data)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        qFatal("cannot write test file %s", qPrintable(path));
    return path;
}

void TestConfigurationFiles::importIsOneUndoableEdit()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    QSignalSpy reported(&files, &ConfigurationFiles::reported);
    QCOMPARE(files.importConfiguration(write(QStringLiteral("lab.json"), LabJson)), QString());
    QCOMPARE(doc.configuration().scopes.size(), 1);
    QCOMPARE(doc.configuration().scopes.at(0).name, QStringLiteral("bench"));
    QVERIFY(doc.isModified()); // imported, not yet applied
    QCOMPARE(reported.size(), 1);
    QVERIFY(reported.at(0).at(0).toString().contains(QStringLiteral("lab.json")));
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    QVERIFY(doc.configuration().scopes.isEmpty());
    QVERIFY(!doc.isModified());
}

void TestConfigurationFiles::brokenFileIsRefusedWithItsErrors()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    QByteArray broken = LabJson;
    broken.replace("198.18.0.199", "198.18.0.300");
    const QString error = files.importConfiguration(write(QStringLiteral("broken.json"), broken));
    QVERIFY2(error.contains(QStringLiteral("scopes[0].ranges[0].end")), qPrintable(error));
    QVERIFY(error.contains(QStringLiteral("nothing was imported")));
    QVERIFY(doc.configuration().scopes.isEmpty());
    QCOMPARE(doc.undoStack()->count(), 0);

    const QString missing = files.importConfiguration(m_dir.filePath(QStringLiteral("nope.json")));
    QVERIFY2(missing.contains(QStringLiteral("nope.json")), qPrintable(missing));
}

void TestConfigurationFiles::exportGivesBackTheEditedConfiguration()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    QCOMPARE(files.importConfiguration(write(QStringLiteral("in.json"), LabJson)), QString());
    Scope edited = doc.configuration().scopes.at(0);
    edited.leaseTime = 600;
    doc.setScope(0, edited, QStringLiteral("Change lease time of bench"));

    const QString out = m_dir.filePath(QStringLiteral("out.json"));
    QCOMPARE(files.exportConfiguration(out), QString());
    const ConfigurationImport back = ConfigurationJson::fromJson(readAll(out));
    QVERIFY2(back.configuration, qPrintable(back.errors.join(u'\n')));
    QCOMPARE(back.configuration->scopes, doc.configuration().scopes);
    QCOMPARE(back.configuration->scopes.at(0).leaseTime, 600u);
}

void TestConfigurationFiles::keaExportIsKeaJson()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    QCOMPARE(files.importConfiguration(write(QStringLiteral("in.json"), LabJson)), QString());
    const QString out = m_dir.filePath(QStringLiteral("kea.conf"));
    QStringList notes;
    QCOMPARE(files.exportKea(out, &notes), QString());
    QJsonParseError parseError;
    const QJsonDocument kea = QJsonDocument::fromJson(readAll(out), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(kea.object().contains(QStringLiteral("Dhcp4")));
    QVERIFY(readAll(out).contains("198.18.0.7")); // the reservation went along
}

void TestConfigurationFiles::reservationsOfTheChosenScope()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    const QString out = m_dir.filePath(QStringLiteral("r.csv"));
    QVERIFY(!files.exportReservations(out, 0).isEmpty()); // no scope yet: says so
    QCOMPARE(files.importConfiguration(write(QStringLiteral("in.json"), LabJson)), QString());
    QCOMPARE(files.exportReservations(out, 0), QString());
    const ReservationCsvImport back = ReservationCsv::read(readAll(out));
    QCOMPARE(back.reservations, doc.configuration().scopes.at(0).reservations);
}

void TestConfigurationFiles::unwritableFolderIsReported()
{
    QWidget parent;
    ConfigurationDocument doc;
    ConfigurationFiles files(&doc, &parent);
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/out.json"));
    const QString error = files.exportConfiguration(path);
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestConfigurationFiles::packetRateFollowsTheLastSeconds()
{
    PacketRateMeter meter;
    QCOMPARE(meter.perSecond(0), 0.0);
    for (int s = 0; s < 5; ++s)
        meter.add(s * 1000 + 500, 100); // 100 packets in each of seconds 0..4
    meter.add(5'200, 1000); // the current second does not count yet
    QCOMPARE(meter.perSecond(5'300), 100.0);
    QCOMPARE(meter.perSecond(6'000), 280.0); // seconds 1..5: 400 + 1000 over 5
    QCOMPARE(meter.perSecond(20'000), 0.0); // a quiet network reads zero, not the last storm
    meter.add(20'100, 5); // a slot reused after a long gap starts from zero
    QCOMPARE(meter.perSecond(21'000), 1.0);
}

QTEST_MAIN(TestConfigurationFiles)
#include "tst_configurationfiles.moc"
