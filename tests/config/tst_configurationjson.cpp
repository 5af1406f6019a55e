// Configuration JSON: the design's format and its extensions, every error with its path,
// and export → import giving an equal configuration.
#include "configtestdata.h"
#include "core/configurationjson.h"
#include "core/configurationvalidator.h"

#include <QTest>

using namespace leasedesk;
using namespace Qt::StringLiterals;

class TestConfigurationJson : public QObject
{
    Q_OBJECT

private slots:
    void readsTheDesignExample();
    void exportThenImportIsEqual_data();
    void exportThenImportIsEqual();
    void errorsNameTheirPath_data();
    void errorsNameTheirPath();
    void everyErrorIsReportedAtOnce();
    void labelsRoundTrip();
    void noLabelsNoKey();
    void syntaxErrorsGiveLineAndColumn();
};

void TestConfigurationJson::readsTheDesignExample()
{
    const auto config = loadTestConfig(QStringLiteral("design-example.json"));
    QVERIFY(config);
    QCOMPARE(config->scopes.size(), 1);
    const Scope &s = config->scopes.front();
    QCOMPARE(s.name, QStringLiteral("lab"));
    QCOMPARE(s.prefixLength, 16);
    QCOMPARE(s.netmask(), 0xffff0000u);
    QCOMPARE(s.ranges.front().size(), quint64(200));
    QCOMPARE(s.effectiveRenewalTime(), 1800u);
    QCOMPARE(s.reservations.size(), 2);
    QCOMPARE(s.reservations[0].macs.front(), QByteArray::fromHex("020000000001"));
    QCOMPARE(s.reservations[1].clientId, QByteArray::fromHex("01020000000009"));
    QCOMPARE(s.options.front().code, quint8(42));
    QVERIFY(config->server.authoritative);
    QCOMPARE(config->server.conflictDetection.timeoutMs, 500);
    // The design's example is a valid configuration.
    const auto issues = ConfigurationValidator::validate(*config);
    QVERIFY2(!ConfigurationValidator::hasErrors(issues),
             qPrintable(issues.isEmpty() ? QString() : issues.front().toString()));
}

void TestConfigurationJson::exportThenImportIsEqual_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("design example") << QStringLiteral("design-example.json");
    QTest::newRow("two scopes with every extension") << QStringLiteral("two-scopes.json");
}

void TestConfigurationJson::exportThenImportIsEqual()
{
    QFETCH(QString, file);
    const auto config = loadTestConfig(file);
    QVERIFY(config);
    const QByteArray exported = ConfigurationJson::toJson(*config);
    const ConfigurationImport again = ConfigurationJson::fromJson(exported);
    QVERIFY2(again.errors.isEmpty(), qPrintable(again.errors.join(QLatin1Char('\n'))));
    QVERIFY(*again.configuration == *config);
    // Exporting twice writes the same bytes.
    QCOMPARE(ConfigurationJson::toJson(*again.configuration), exported);
}

void TestConfigurationJson::errorsNameTheirPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("bad range end") << QByteArray(
        R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","ranges":[{"start":"198.18.0.10","end":"198.18.0.20"},{"start":"198.18.0.30","end":"198.18.0.300"}]}]})")
                                   << "scopes[0].ranges[1].end: \"198.18.0.300\" is not an IPv4 "
                                      "address";
    QTest::newRow("unknown key") << QByteArray(
        R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","lease_tme":60}]})")
                                 << "scopes[0].lease_tme: unknown key";
    QTest::newRow("unknown top-level key") << QByteArray(R"({"scope":[]})") << "scope: unknown key";
    QTest::newRow("missing subnet")
        << QByteArray(R"({"scopes":[{"name":"a"}]})") << "scopes[0].subnet: missing";
    QTest::newRow("bad subnet")
        << QByteArray(R"({"scopes":[{"name":"a","subnet":"198.18.0.0/40"}]})")
        << "scopes[0].subnet: \"198.18.0.0/40\" is not a subnet such as 198.18.0.0/16";
    QTest::newRow("lease time as text")
        << QByteArray(R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","lease_time":"1h"}]})")
        << "scopes[0].lease_time: expected a whole number, found text";
    QTest::newRow("fractional lease time")
        << QByteArray(R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","lease_time":60.5}]})")
        << "scopes[0].lease_time: expected a whole number, found 60.5";
    QTest::newRow("bad mac") << QByteArray(
        R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","reservations":[{"mac":"02:00:00:00:01","ip":"198.18.0.5"}]}]})")
                             << "scopes[0].reservations[0].mac: \"02:00:00:00:01\" is not a MAC "
                                "address (02:00:00:00:00:01)";
    QTest::newRow("bad client id") << QByteArray(
        R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","reservations":[{"client_id":"01","ip":"198.18.0.5"}]}]})")
                                   << "scopes[0].reservations[0].client_id: \"01\" is not a "
                                      "client-id";
    QTest::newRow("bad method")
        << QByteArray(R"({"server":{"conflict_detection":{"method":"ping"}}})")
        << "server.conflict_detection.method: \"ping\" is not a method: use icmp, arp or both";
    QTest::newRow("attempts out of range")
        << QByteArray(R"({"server":{"conflict_detection":{"attempts":9}}})")
        << "server.conflict_detection.attempts: 9 is out of range (0 to 5)";
    QTest::newRow("rogue listen out of range")
        << QByteArray(R"({"server":{"rogue_detection":{"listen_s":0}}})")
        << "server.rogue_detection.listen_s: 0 is out of range (1 to 60)";
    QTest::newRow("rogue unknown key")
        << QByteArray(R"({"server":{"rogue_detection":{"allow":["198.18.0.9"]}}})")
        << "server.rogue_detection.allow: unknown key";
    QTest::newRow("dns entry")
        << QByteArray(
               R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","dns":["198.18.0.1",5]}]})")
        << "scopes[0].dns[1]: expected an IPv4 address as text, found a number";
    QTest::newRow("option without code") << QByteArray(
        R"({"scopes":[{"name":"a","subnet":"198.18.0.0/24","options":[{"value":"x"}]}]})")
                                         << "scopes[0].options[0].code: missing";
    QTest::newRow("scope is not an object")
        << QByteArray(R"({"scopes":[5]})") << "scopes[0]: expected an object, found a number";
    QTest::newRow("label with a bad mac")
        << QByteArray(R"({"labels":[{"mac":"02:00:00:00:01","name":"psu"}]})")
        << "labels[0].mac: \"02:00:00:00:01\" is not a MAC address (02:00:00:00:00:01)";
    QTest::newRow("label without a name")
        << QByteArray(R"({"labels":[{"mac":"02:00:00:00:00:01"}]})") << "labels[0].name: missing";
    QTest::newRow("label unknown key")
        << QByteArray(R"({"labels":[{"mac":"02:00:00:00:00:01","name":"psu","ip":"1.2.3.4"}]})")
        << "labels[0].ip: unknown key";
    QTest::newRow("labels not a list") << QByteArray(R"({"labels":{"mac":"02:00:00:00:00:01"}})")
                                       << "labels: expected a list, found an object";
    QTest::newRow("top level list")
        << QByteArray("[]") << "the file holds a list, not a LeaseDesk configuration object";
}

void TestConfigurationJson::errorsNameTheirPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const ConfigurationImport result = ConfigurationJson::fromJson(json);
    QVERIFY(!result.configuration);
    QVERIFY2(!result.errors.isEmpty() && result.errors.front().startsWith(error),
             qPrintable(result.errors.join(QLatin1Char('\n'))));
}

void TestConfigurationJson::everyErrorIsReportedAtOnce()
{
    const ConfigurationImport result = ConfigurationJson::fromJson(
        R"({"scopes":[{"name":"a","subnet":"x","router":"y","ranges":[{"start":"z"}]}]})");
    QCOMPARE(result.errors,
             (QStringList{
                 QStringLiteral("scopes[0].subnet: \"x\" is not a subnet such as 198.18.0.0/16"),
                 QStringLiteral("scopes[0].ranges[0].start: \"z\" is not an IPv4 address"),
                 QStringLiteral("scopes[0].ranges[0].end: missing"),
                 QStringLiteral("scopes[0].router: \"y\" is not an IPv4 address")}));
}

void TestConfigurationJson::syntaxErrorsGiveLineAndColumn()
{
    const ConfigurationImport result =
        ConfigurationJson::fromJson("{\n  \"scopes\": [\n    {\"name\": \"a\",,}\n  ]\n}");
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.front().startsWith(QStringLiteral("line 3, column")),
             qPrintable(result.errors.front()));
    QVERIFY(result.errors.front().endsWith(QStringLiteral("(not valid JSON)")));
}

void TestConfigurationJson::labelsRoundTrip()
{
    const ConfigurationImport in = ConfigurationJson::fromJson(
        R"({"labels":[{"mac":"02:00:00:00:00:01","name":"bench PSU"},
                      {"mac":"02:00:00:00:00:0A","name":"scope"}]})");
    QVERIFY2(in.errors.isEmpty(), qPrintable(in.errors.join(QLatin1Char('\n'))));
    const QList<DeviceLabel> expected{{QByteArray::fromHex("020000000001"), u"bench PSU"_s},
                                      {QByteArray::fromHex("02000000000a"), u"scope"_s}};
    QCOMPARE(in.configuration->labels, expected);
    const QByteArray exported = ConfigurationJson::toJson(*in.configuration);
    QVERIFY(exported.contains(R"("mac": "02:00:00:00:00:0a")"));
    const ConfigurationImport again = ConfigurationJson::fromJson(exported);
    QVERIFY(again.configuration);
    QCOMPARE(*again.configuration, *in.configuration);
}

// Files without labels are written as before, so older readers still take them.
void TestConfigurationJson::noLabelsNoKey()
{
    const auto config = loadTestConfig(QStringLiteral("design-example.json"));
    QVERIFY(config);
    QVERIFY(config->labels.isEmpty());
    QVERIFY(!ConfigurationJson::toJson(*config).contains("\"labels\""));
}

QTEST_APPLESS_MAIN(TestConfigurationJson)

#include "tst_configurationjson.moc"
