// leasedesk-server's configuration commands (design.md, "Headless command line"): import,
// export as LeaseDesk JSON and as Kea, and the errors a person sees.
#include "core/configurationjson.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace leasedesk;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run server(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(LEASEDESK_SERVER_BINARY), args);
    Run r;
    if (!p.waitForFinished(30000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString testConfig(const char *name)
{
    return QStringLiteral(LEASEDESK_TEST_DATA "/config/") + QLatin1String(name);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestServerCli : public QObject
{
    Q_OBJECT

private slots:
    void importThenExportGivesTheSameConfiguration();
    void reimportKeepsRevisionsCounting();
    void invalidConfigurationIsRefusedWithEveryReason();
    void brokenJsonNamesLineAndColumn();
    void keaExportIsAcceptedByKea();
    void foreignDatabaseIsRefusedAndLeftAlone();
    void versionAndHelp();
};

void TestServerCli::importThenExportGivesTheSameConfiguration()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    const QString out = dir.filePath(QStringLiteral("out.json"));
    Run r = server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("two-scopes.json"),
                    QStringLiteral("--export-config"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("as configuration revision 1"));
    const auto original = ConfigurationJson::fromJson(readAll(testConfig("two-scopes.json"))).configuration;
    auto exported = ConfigurationJson::fromJson(readAll(out)).configuration;
    QVERIFY(original && exported);
    QCOMPARE(exported->revision, 1);
    exported->revision = original->revision;
    QVERIFY(*exported == *original);
}

void TestServerCli::reimportKeepsRevisionsCounting()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    QCOMPARE(server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("design-example.json")}).exitCode, 0);
    QCOMPARE(server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("two-scopes.json")}).exitCode, 0);
    const Run r = server({QStringLiteral("--db"), db, QStringLiteral("--export-config"), QStringLiteral("-")});
    QCOMPARE(r.exitCode, 0);
    const auto config = ConfigurationJson::fromJson(r.out).configuration;
    QVERIFY(config);
    QCOMPARE(config->revision, 2);
    QCOMPARE(config->scopes.size(), 2); // replaced, not merged
}

void TestServerCli::invalidConfigurationIsRefusedWithEveryReason()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    QCOMPARE(server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("design-example.json")}).exitCode, 0);
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeAll(bad, R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","lease_time":20,
        "ranges":[{"start":"198.18.0.0","end":"198.18.0.20"}]}]})"));
    const Run r = server({QStringLiteral("--db"), db, QStringLiteral("--config"), bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("error: scopes[0].ranges[0].start: the range includes the network address 198.18.0.0"), r.err.constData());
    QVERIFY(r.err.contains("error: scopes[0].lease_time: a lease of 20 s is too short"));
    QVERIFY(r.err.contains("was not imported"));
    // The database still holds the previous configuration.
    const Run after = server({QStringLiteral("--db"), db, QStringLiteral("--export-config"), QStringLiteral("-")});
    QCOMPARE(ConfigurationJson::fromJson(after.out).configuration->scopes.front().name, QStringLiteral("lab"));
}

void TestServerCli::brokenJsonNamesLineAndColumn()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeAll(bad, "{\n  \"scopes\": [\n    {\"name\": \"a\", \"subnet\": \"198.18.0.0/24\",\n    \"router\": \"198.18.0.300\"}\n  ]\n}\n"));
    const Run r = server({QStringLiteral("--db"), dir.filePath(QStringLiteral("lab.sqlite")), QStringLiteral("--config"), bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("scopes[0].router: \"198.18.0.300\" is not an IPv4 address"), r.err.constData());
    QVERIFY(writeAll(bad, "{\n  \"scopes\": [\n"));
    const Run r2 = server({QStringLiteral("--db"), dir.filePath(QStringLiteral("lab.sqlite")), QStringLiteral("--config"), bad});
    QCOMPARE(r2.exitCode, 1);
    QVERIFY2(r2.err.contains("line 3, column"), r2.err.constData());
}

void TestServerCli::keaExportIsAcceptedByKea()
{
    const QString kea = QStandardPaths::findExecutable(QStringLiteral("kea-dhcp4"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    if (kea.isEmpty())
        QSKIP("kea-dhcp4 is not installed (scripts/install-deps.sh test installs it)");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    const QString out = dir.filePath(QStringLiteral("kea.json"));
    const Run r = server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("two-scopes.json"),
                          QStringLiteral("--export-kea"), out});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("kea export: scope relayed: offer_delay_ms has no kea-dhcp4 equivalent"));
    QProcess check;
    check.start(kea, {QStringLiteral("-t"), out});
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput().constData());
}

void TestServerCli::foreignDatabaseIsRefusedAndLeftAlone()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("notes.sqlite"));
    QVERIFY(writeAll(db, "these are my notes, not a database\n"));
    const QByteArray before = readAll(db);
    const Run r = server({QStringLiteral("--db"), db, QStringLiteral("--config"), testConfig("design-example.json")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("is not a LeaseDesk database"), r.err.constData());
    QCOMPARE(readAll(db), before);
    QVERIFY(!QFile::exists(db + QStringLiteral("-wal")));
}

void TestServerCli::versionAndHelp()
{
    const Run v = server({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith("leasedesk "));
    const Run h = server({QStringLiteral("--help")});
    for (const char *option : {"--config", "--db", "--interface", "--export-config", "--export-kea", "--verbose"})
        QVERIFY2(h.out.contains(option), option);
    const Run bad = server({QStringLiteral("--no-such-option")});
    QVERIFY(bad.exitCode != 0);
    QVERIFY(bad.err.contains("no-such-option"));
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_servercli.moc"
