// validate(): every rule of issue 3 as a change to a valid configuration, with the path and
// the sentence a lab admin reads.
#include "configtestdata.h"
#include "core/configurationvalidator.h"

#include <QTest>

#include <functional>

using namespace leasedesk;
using namespace Qt::StringLiterals;

namespace {

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

struct Case
{
    const char *name;
    std::function<void(Configuration &)> change;
    ValidationIssue::Severity severity;
    const char *path;
    const char *message; // the start of the sentence
};

using S = ValidationIssue::Severity;

const std::vector<Case> &cases()
{
    static const std::vector<Case> list = {
        {"range outside its subnet",
         [](Configuration &c) { c.scopes[0].ranges[0].end = ip("198.18.1.20"); }, S::Error,
         "scopes[0].ranges[0].end", "198.18.1.20 is outside the scope's subnet 198.18.0.0/24"},
        {"start after end",
         [](Configuration &c) {
             c.scopes[0].ranges[0] = {ip("198.18.0.150"), ip("198.18.0.120")};
         },
         S::Error, "scopes[0].ranges[0].end",
         "the range ends at 198.18.0.120, before it starts at 198.18.0.150"},
        {"network address in a range",
         [](Configuration &c) { c.scopes[0].ranges[0].start = ip("198.18.0.0"); }, S::Error,
         "scopes[0].ranges[0].start", "the range includes the network address 198.18.0.0"},
        {"broadcast address in a range",
         [](Configuration &c) { c.scopes[0].ranges[1].end = ip("198.18.0.255"); }, S::Error,
         "scopes[0].ranges[1].end", "the range includes the broadcast address 198.18.0.255"},
        {"overlapping ranges",
         [](Configuration &c) { c.scopes[0].ranges[1].start = ip("198.18.0.199"); }, S::Error,
         "scopes[0].ranges[1]", "overlaps ranges[0] (198.18.0.100-198.18.0.199)"},
        {"overlapping scopes", [](Configuration &c) { c.scopes[1].network = ip("198.18.0.0"); },
         S::Error, "scopes[1].subnet",
         "198.18.0.0/16 overlaps scopes[0] \"bench\" (198.18.0.0/24)"},
        {"exclusion outside every range",
         [](Configuration &c) {
             c.scopes[0].exclusions.append({ip("198.18.0.10"), ip("198.18.0.20")});
         },
         S::Warning, "scopes[0].exclusions[2]",
         "198.18.0.10-198.18.0.20 lies outside every range, so it excludes nothing"},
        {"reservation outside its subnet",
         [](Configuration &c) { c.scopes[0].reservations[0].ip = ip("198.19.0.50"); }, S::Error,
         "scopes[0].reservations[0].ip", "198.19.0.50 is outside the scope's subnet 198.18.0.0/24"},
        {"one IP reserved twice",
         [](Configuration &c) { c.scopes[0].reservations[1].ip = ip("198.18.0.50"); }, S::Error,
         "scopes[0].reservations[1].ip", "198.18.0.50 is already reserved by reservations[0]"},
        {"one MAC reserved twice",
         [](Configuration &c) {
             c.scopes[0].reservations[1].macs.append(QByteArray::fromHex("020000000001"));
         },
         S::Error, "scopes[0].reservations[1].mac",
         "02:00:00:00:00:01 already has a reservation: reservations[0]"},
        {"one client-id reserved twice",
         [](Configuration &c) {
             c.scopes[0].reservations[3].clientId = c.scopes[0].reservations[2].clientId;
         },
         S::Error, "scopes[0].reservations[3].client_id",
         "client-id 01:02:00:00:00:00:09 already has a reservation: reservations[2]"},
        {"reservation without identity",
         [](Configuration &c) { c.scopes[0].reservations[0].macs.clear(); }, S::Error,
         "scopes[0].reservations[0]", "a reservation needs a MAC address or a client-id"},
        {"router outside the subnet",
         [](Configuration &c) { c.scopes[0].router = ip("198.19.0.1"); }, S::Error,
         "scopes[0].router", "the router 198.19.0.1 is outside the subnet 198.18.0.0/24"},
        {"router inside a range", [](Configuration &c) { c.scopes[0].router = ip("198.18.0.120"); },
         S::Warning, "scopes[0].router",
         "the router 198.18.0.120 lies inside the range 198.18.0.100-198.18.0.199"},
        {"APIPA scope",
         [](Configuration &c) {
             Scope &s = c.scopes[1];
             s.network = ip("169.254.0.0");
             s.ranges = {{ip("169.254.1.1"), ip("169.254.1.100")}};
             s.exclusions.clear();
             s.router = {};
             s.reservations.clear();
         },
         S::Warning, "scopes[1].subnet", "169.254.0.0/16 is link-local (APIPA) space"},
        {"lease time under 60 s", [](Configuration &c) { c.scopes[0].leaseTime = 30; }, S::Error,
         "scopes[0].lease_time", "a lease of 30 s is too short"},
        {"T1 after T2", [](Configuration &c) { c.scopes[1].renewalTime = 550; }, S::Error,
         "scopes[1].renewal_time", "renewal (T1, 550 s) must come before rebinding (T2, 500 s)"},
        {"T2 after the lease", [](Configuration &c) { c.scopes[1].rebindingTime = 700; }, S::Error,
         "scopes[1].rebinding_time",
         "rebinding (T2, 700 s) must come before the lease ends (600 s)"},
        {"option value of the wrong type",
         [](Configuration &c) { c.scopes[0].options[0].value = QStringLiteral("ntp.lab.test"); },
         S::Error, "scopes[0].options[0].value",
         "option 42 (NTP Servers): \"ntp.lab.test\" is not an IPv4 address"},
        {"option value too large",
         [](Configuration &c) { c.scopes[0].options[1].value = QStringLiteral("70000"); }, S::Error,
         "scopes[0].options[1].value",
         "option 26 (Interface MTU) value 70000 is larger than 65535"},
        {"reservation option of the wrong type",
         [](Configuration &c) {
             c.scopes[0].reservations[2].options = {{19, QStringLiteral("maybe")}};
         },
         S::Error, "scopes[0].reservations[2].options[0].value",
         "option 19 (IP Forwarding): \"maybe\" is not true or false"},
        {"an option the server owns",
         [](Configuration &c) {
             c.scopes[0].options.append({51, QStringLiteral("60")});
         },
         S::Error, "scopes[0].options[6].code",
         "option 51 cannot be configured: set lease_time instead"},
        {"router set twice",
         [](Configuration &c) {
             c.scopes[0].options.append({3, QStringLiteral("198.18.0.2")});
         },
         S::Error, "scopes[0].options", "option 3 (Router) and router are both set; keep one"},
        {"duplicate scope name",
         [](Configuration &c) { c.scopes[1].name = QStringLiteral("bench"); }, S::Error,
         "scopes[1].name", "the name \"bench\" is already used by scopes[0]"},
        {"host bits in the subnet",
         [](Configuration &c) { c.scopes[0].network = ip("198.18.0.7"); }, S::Error,
         "scopes[0].subnet", "198.18.0.7/24 has host bits set; the network is 198.18.0.0/24"},
        {"bad MAC pattern",
         [](Configuration &c) { c.scopes[1].macAllow.append(QStringLiteral("02:00")); }, S::Error,
         "scopes[1].mac_allow[2]", "\"02:00\" is not a MAC pattern"},
        {"too many probe attempts",
         [](Configuration &c) { c.server.conflictDetection.attempts = 6; }, S::Error,
         "server.conflict_detection.attempts", "6 probe attempts: choose 0 to 5"},
        {"offer hold shorter than the probe",
         [](Configuration &c) {
             c.server.offerHoldS = 2;
             c.server.conflictDetection.attempts = 5;
             c.server.conflictDetection.timeoutMs = 1000;
         },
         S::Error, "server.offer_hold_s",
         "an offer held for 2 s ends before its conflict probe (5 × 1000 ms) and the longest "
         "offer delay (500 ms) are over: hold offers longer or probe less"},
        {"offer hold shorter than probe and delay",
         [](Configuration &c) {
             c.server.offerHoldS = 10;
             c.server.conflictDetection.attempts = 5;
             c.server.conflictDetection.timeoutMs = 1000;
             c.scopes[1].offerDelayMs = 5000;
         },
         S::Error, "server.offer_hold_s",
         "an offer held for 10 s ends before its conflict probe (5 × 1000 ms) and the longest "
         "offer delay (5000 ms) are over: hold offers longer or probe less"},
        {"rogue checks too often", [](Configuration &c) { c.server.rogueDetection.intervalS = 30; },
         S::Error, "server.rogue_detection.interval_s",
         "a DISCOVER every 30 s floods the other servers' pools: choose 0 (only at start and on "
         "demand) or at least 60 s"},
        {"allowed server neither IP nor MAC",
         [](Configuration &c) {
             c.server.rogueDetection.allowed = {QStringLiteral("198.18.0.9"),
                                                QStringLiteral("dnsmasq")};
         },
         S::Error, "server.rogue_detection.allowed[1]",
         "\"dnsmasq\" is neither an IPv4 address nor a MAC address"},
        {"boot file too long",
         [](Configuration &c) { c.scopes[0].bootFiles.uefiX64 = QString(130, QLatin1Char('x')); },
         S::Error, "scopes[0].boot_file.uefi_x64", "a boot file name longer than 127 bytes"},
        {"label without a name",
         [](Configuration &c) {
             c.labels = {{QByteArray::fromHex("020000000001"), u" "_s}};
         },
         S::Error, "labels[0].name", "a label needs a name"},
        {"label name too long",
         [](Configuration &c) {
             c.labels = {{QByteArray::fromHex("020000000001"), QString(65, QLatin1Char('x'))}};
         },
         S::Error, "labels[0].name", "65 characters; a label has at most 64"},
        {"label on a short MAC",
         [](Configuration &c) {
             c.labels = {{QByteArray::fromHex("0200000001"), u"psu"_s}};
         },
         S::Error, "labels[0].mac", "a MAC address has six octets"},
        {"MAC labelled twice",
         [](Configuration &c) {
             c.labels = {{QByteArray::fromHex("020000000001"), u"bench PSU"_s},
                         {QByteArray::fromHex("020000000002"), u"scope"_s},
                         {QByteArray::fromHex("020000000001"), u"PSU"_s}};
         },
         S::Error, "labels[2].mac", "02:00:00:00:00:01 is already labelled by labels[0]"},
    };
    return list;
}

} // namespace

class TestConfigurationValidator : public QObject
{
    Q_OBJECT

private slots:
    void baselineIsValid();
    void rules_data();
    void rules();
    void reservationMayLieOutsideTheRanges();
    void macPatterns_data();
    void macPatterns();
};

void TestConfigurationValidator::baselineIsValid()
{
    const auto config = loadTestConfig(QStringLiteral("two-scopes.json"));
    QVERIFY(config);
    const auto issues = ConfigurationValidator::validate(*config);
    QVERIFY2(issues.isEmpty(),
             qPrintable(issues.isEmpty() ? QString() : issues.front().toString()));
}

void TestConfigurationValidator::rules_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < cases().size(); ++i)
        QTest::newRow(cases()[i].name) << int(i);
}

void TestConfigurationValidator::rules()
{
    QFETCH(int, index);
    const Case &c = cases()[std::size_t(index)];
    auto config = loadTestConfig(QStringLiteral("two-scopes.json"));
    QVERIFY(config);
    c.change(*config);
    const auto issues = ConfigurationValidator::validate(*config);
    const auto match = std::find_if(issues.begin(), issues.end(), [&](const ValidationIssue &i) {
        return i.path == QLatin1String(c.path)
            && i.message.startsWith(QString::fromUtf8(c.message));
    });
    QStringList all;
    for (const ValidationIssue &i : issues)
        all.append(i.toString());
    QVERIFY2(match != issues.end(),
             qPrintable(QStringLiteral("not found among: ") + all.join(QStringLiteral(" | "))));
    QCOMPARE(match->severity, c.severity);
    // Only errors make a configuration unusable.
    QCOMPARE(ConfigurationValidator::hasErrors(issues), c.severity == S::Error);
}

void TestConfigurationValidator::reservationMayLieOutsideTheRanges()
{
    auto config = loadTestConfig(QStringLiteral("two-scopes.json"));
    QVERIFY(config);
    config->scopes[0].reservations[0].ip = ip("198.18.0.20"); // in the subnet, in no range
    QVERIFY(ConfigurationValidator::validate(*config).isEmpty());
}

void TestConfigurationValidator::macPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("mac");
    QTest::addColumn<bool>("matches");
    QTest::newRow("exact") << "02:00:00:00:00:01"
                           << "02:00:00:00:00:01" << true;
    QTest::newRow("exact, other") << "02:00:00:00:00:01"
                                  << "02:00:00:00:00:02" << false;
    QTest::newRow("case") << "02:AA:00:00:00:01"
                          << "02:aa:00:00:00:01" << true;
    QTest::newRow("prefix") << "02:00:00:*"
                            << "02:00:00:12:34:56" << true;
    QTest::newRow("prefix, other") << "02:00:00:*"
                                   << "02:00:01:12:34:56" << false;
    QTest::newRow("nibble") << "02:00:5e:0?:??:01"
                            << "02:00:5e:07:ab:01" << true;
    QTest::newRow("nibble, other") << "02:00:5e:0?:??:01"
                                   << "02:00:5e:17:ab:01" << false;
    QTest::newRow("octet star") << "*:00:00:00:00:01"
                                << "0e:00:00:00:00:01" << true;
    QTest::newRow("everything") << "*"
                                << "0e:00:00:00:00:01" << true;
}

void TestConfigurationValidator::macPatterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, mac);
    QFETCH(bool, matches);
    QVERIFY(MacPattern::isValid(pattern));
    QCOMPARE(MacPattern::matches(pattern, *parseMac(mac)), matches);
}

QTEST_APPLESS_MAIN(TestConfigurationValidator)
#include "tst_configurationvalidator.moc"
