// Issue 8: the statistics sampler over the real engine: every scope's addresses counted by
// state, the DHCP messages of each interval, samples kept in the store across a restart, and
// the alerts (utilization thresholds with hysteresis, pool exhausted, decline storm) raised
// once each and written to the event history.
#include "core/alertmonitor.h"
#include "core/configurationvalidator.h"
#include "core/utilization.h"
#include "engine/statisticssampler.h"
#include "enginebench.h"

#include <QSignalSpy>
#include <QTest>

using namespace lab;

namespace {

// Ten addresses, so every client moves utilization by 10 %; thresholds 80 % and 90 %.
const char *SmallPool = R"({
  "server": {"offer_hold_s": 60, "decline_quarantine_s": 600,
             "conflict_detection": {"enabled": false},
             "statistics": {"interval_s": 10, "warning_percent": 80, "critical_percent": 90,
                            "decline_storm_count": 4, "decline_storm_window_s": 60}},
  "scopes": [
    {"name": "small", "subnet": "198.18.0.0/24",
     "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}], "lease_time": 3600}
  ]
})";

struct SamplerBench : EngineBench
{
    StatisticsSampler sampler{engine, store, clock};
    QList<StatisticsSample> samples;
    QList<NetworkEvent> alerts;

    explicit SamplerBench(const char *json = DefaultConfig) : EngineBench(json)
    {
        QObject::connect(&sampler, &StatisticsSampler::sampled,
                         [this](const StatisticsSample &s) { samples.append(s); });
        QObject::connect(&sampler, &StatisticsSampler::alertRaised,
                         [this](const NetworkEvent &e) { alerts.append(e); });
        sampler.start(false);
    }

    // Ten seconds later, one sample: the new one.
    StatisticsSample sample()
    {
        clock.advanceMs(10'000);
        sampler.sampleNow();
        return samples.back();
    }
};

} // namespace

class TestStatisticsSampler : public QObject
{
    Q_OBJECT

private slots:
    void utilizationCountsEveryState();
    void trafficIsCountedPerInterval();
    void samplesSurviveARestart();
    void thresholdAlertsAreRaisedOnceWithHysteresis();
    void scopeThresholdsOverrideTheServers();
    void declineStormIsOneAlert();
    void engineEventsAndAlertsAreKept();
    void settingsRoundTripAndAreChecked();
};

void TestStatisticsSampler::utilizationCountsEveryState()
{
    SamplerBench b;
    QVERIFY(!b.bind(Client(1)).isZero());
    QVERIFY(!b.discover(Client(2)).isZero());
    const Ipv4Address declined = b.bind(Client(3));
    b.decline(Client(3), declined);

    StatisticsSample s = b.sample();
    // DefaultConfig: .100–.109 without .105 is 9 dynamic addresses, plus the reservation at
    // .50 outside the range: 10. "remote" .10–.20: 11, all free.
    const ScopeUtilization *lab = s.scope(QStringLiteral("lab"));
    QVERIFY(lab);
    QCOMPARE(lab->total, 10u);
    QCOMPARE(lab->bound, 1u);
    QCOMPARE(lab->offered, 1u);
    QCOMPARE(lab->quarantined, 1u);
    QCOMPARE(lab->reserved, 1u); // .50 waits for its machine
    QCOMPARE(lab->free, 6u);
    QCOMPARE(lab->used(), 4u);
    QCOMPARE(lab->percent(), 40.0);
    const ScopeUtilization *remote = s.scope(QStringLiteral("remote"));
    QVERIFY(remote);
    QCOMPARE(remote->total, 11u);
    QCOMPARE(remote->free, 11u);

    // The reserved machine takes its address: still one address, now bound, not reserved.
    QCOMPARE(b.bind(Client(0xaa)), ip("198.18.0.50"));
    // The offer not taken up lapses after the 60 s hold.
    b.clock.advanceMs(61'000);
    s = b.sample();
    lab = s.scope(QStringLiteral("lab"));
    QCOMPARE(lab->bound, 2u);
    QCOMPARE(lab->reserved, 0u);
    QCOMPARE(lab->offered, 0u);
    QCOMPARE(lab->free, 7u);
    QCOMPARE(lab->free + lab->offered + lab->bound + lab->reserved + lab->quarantined, lab->total);
}

void TestStatisticsSampler::trafficIsCountedPerInterval()
{
    SamplerBench b;
    b.bind(Client(1));
    b.bind(Client(2));
    b.clock.advanceMs(20'000); // 30 s with sample()'s 10
    StatisticsSample s = b.sample();
    QCOMPARE(s.seconds, 30);
    QCOMPARE(s.traffic.discover, 2u);
    QCOMPARE(s.traffic.offer, 2u);
    QCOMPARE(s.traffic.request, 2u);
    QCOMPARE(s.traffic.ack, 2u);
    QCOMPARE(s.traffic.nak, 0u);
    QCOMPARE(s.traffic.total(), 8u);

    s = b.sample(); // nothing happened in these ten seconds
    QCOMPARE(s.seconds, 10);
    QCOMPARE(s.traffic.total(), 0u);

    // The test client's exchanges are not lab traffic.
    TestRequest t;
    t.type = TestRequest::Type::Discover;
    t.mac = QByteArray::fromHex("0200000000f1");
    t.interfaceName = QStringLiteral("lab0");
    b.engine.setInterfaceLookup([&b](const QString &) { return std::optional(b.info); });
    b.engine.injectTestRequest(t);
    b.engine.flush();
    QCOMPARE(b.sample().traffic.total(), 0u);
}

void TestStatisticsSampler::samplesSurviveARestart()
{
    auto b = std::make_unique<SamplerBench>();
    b->bind(Client(1));
    b->sample();
    b->sample();
    const qint64 end = b->clock.nowS() + 1;
    const QList<StatisticsSample> kept = b->store.samples(SampleResolution::Fine, 0, end);
    QCOMPARE(kept.size(), 2);
    QCOMPARE(kept, b->samples);

    // A second sampler over the same store (the console restarted) reads them back.
    StatisticsSampler again(b->engine, b->store, b->clock);
    QVERIFY(again.start(false).isEmpty());
    QSignalSpy listed(&again, &StatisticsSampler::seriesListed);
    again.requestSeries(end - 900, end);
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.at(0).at(2).value<QList<StatisticsSample>>(), kept);
}

// Twenty addresses, so every client moves utilization by 5 %: each crossing alerts once,
// and coming down takes getting 5 points clear of the line that raised the level.
void TestStatisticsSampler::thresholdAlertsAreRaisedOnceWithHysteresis()
{
    QByteArray json(SmallPool);
    json.replace("198.18.0.109", "198.18.0.119");
    SamplerBench b(json.constData());
    const auto bindUpTo = [&b](int n) {
        for (quint8 i = 1; i <= n; ++i)
            QVERIFY(!b.bind(Client(i)).isZero());
    };
    const auto release = [&b](std::initializer_list<int> last) {
        for (int octet : last)
            b.engine.releaseLease(Ipv4Address(198, 18, 0, quint8(octet)));
        b.engine.flush();
    };
    bindUpTo(15);
    b.sample();
    QVERIFY(b.alerts.isEmpty()); // 75 %

    bindUpTo(16);
    b.sample(); // 80 %: warning
    QCOMPARE(b.alerts.size(), 1);
    QCOMPARE(b.alerts[0].kind, NetworkEvent::Kind::Utilization);
    QCOMPARE(b.alerts[0].severity, NetworkEvent::Severity::Warning);
    QCOMPARE(b.alerts[0].scope, QStringLiteral("small"));
    QVERIFY2(b.alerts[0].text.contains(QStringLiteral("16 of 20 addresses in use (80 %)")),
             qPrintable(b.alerts[0].text));
    b.sample();
    bindUpTo(17);
    b.sample(); // 85 %
    QCOMPARE(b.alerts.size(), 1); // not again

    bindUpTo(18);
    b.sample(); // 90 %: critical
    QCOMPARE(b.alerts.size(), 2);
    QCOMPARE(b.alerts[1].severity, NetworkEvent::Severity::Critical);
    bindUpTo(20);
    b.sample(); // 100 %: exhausted
    QCOMPARE(b.alerts.size(), 3);
    QCOMPARE(b.alerts[2].kind, NetworkEvent::Kind::PoolExhausted);
    QCOMPARE(b.alerts[2].severity, NetworkEvent::Severity::Critical);
    QVERIFY(b.alerts[2].text.contains(QStringLiteral("no free address")));

    // A full pool whose clients come and go: one free address, then none again. Still the
    // same alert, not a new one each sample.
    release({100});
    b.sample(); // 95 %
    bindUpTo(1);
    b.sample(); // 100 %
    QCOMPARE(b.alerts.size(), 3);

    release({100, 101, 102});
    b.sample(); // 85 %: clear of exhausted, within the critical band
    QCOMPARE(b.alerts.size(), 4);
    QCOMPARE(b.alerts[3].severity, NetworkEvent::Severity::Info);
    QVERIFY2(b.alerts[3].text.contains(QStringLiteral("free addresses again")),
             qPrintable(b.alerts[3].text));
    release({103});
    b.sample(); // 80 %: below critical's band
    QCOMPARE(b.alerts.size(), 5);
    QVERIFY(b.alerts[4].text.contains(QStringLiteral("below its critical")));
    release({104});
    b.sample(); // 75 %: below the warning line but within its band: nothing
    QCOMPARE(b.alerts.size(), 5);
    release({105});
    b.sample(); // 70 %: back to normal
    QCOMPARE(b.alerts.size(), 6);
    QCOMPARE(b.alerts[5].severity, NetworkEvent::Severity::Info);
    QVERIFY(b.alerts[5].text.contains(QStringLiteral("back to normal")));
    b.sample();
    QCOMPARE(b.alerts.size(), 6);
}

void TestStatisticsSampler::scopeThresholdsOverrideTheServers()
{
    Configuration config = *ConfigurationJson::fromJson(SmallPool).configuration;
    config.scopes[0].warningPercent = 50;
    QCOMPARE(config.thresholdsFor(QStringLiteral("small")), (UtilizationThresholds{50, 90}));
    QCOMPARE(config.thresholdsFor(QStringLiteral("other")), (UtilizationThresholds{80, 90}));

    AlertMonitor monitor;
    StatisticsSample s;
    s.scopes.append({QStringLiteral("small"), 10, 4, 0, 6, 0, 0}); // 60 %
    const QList<NetworkEvent> raised = monitor.observe(s, config, 1000);
    QCOMPARE(raised.size(), 1);
    QCOMPARE(raised[0].severity, NetworkEvent::Severity::Warning);
    QCOMPARE(monitor.level(QStringLiteral("small")), AlertMonitor::Level::Warning);
    // A scope with no address never alerts.
    s.scopes = {{QStringLiteral("empty"), 0, 0, 0, 0, 0, 0}};
    QVERIFY(monitor.observe(s, config, 2000).isEmpty());
}

void TestStatisticsSampler::declineStormIsOneAlert()
{
    SamplerBench b(SmallPool);
    // Four clients decline within a minute (decline_storm_count 4): one storm alert.
    for (quint8 i = 1; i <= 4; ++i) {
        const Ipv4Address a = b.bind(Client(i));
        QVERIFY(!a.isZero());
        b.clock.advanceMs(5'000);
        b.decline(Client(i), a);
    }
    QCOMPARE(b.alerts.size(), 1);
    QCOMPARE(b.alerts[0].kind, NetworkEvent::Kind::DeclineStorm);
    QCOMPARE(b.alerts[0].scope, QStringLiteral("small"));
    QVERIFY2(b.alerts[0].text.contains(QStringLiteral("4 DECLINEs in 60 s")),
             qPrintable(b.alerts[0].text));
    // A fifth within the same window is part of the same storm.
    const Ipv4Address a = b.bind(Client(5));
    b.decline(Client(5), a);
    QCOMPARE(b.alerts.size(), 1);
    // Three declines spread over minutes are no storm.
    SamplerBench calm(SmallPool);
    for (quint8 i = 1; i <= 3; ++i) {
        const Ipv4Address x = calm.bind(Client(i));
        calm.clock.advanceMs(40'000);
        calm.decline(Client(i), x);
    }
    QVERIFY(calm.alerts.isEmpty());
}

void TestStatisticsSampler::engineEventsAndAlertsAreKept()
{
    SamplerBench b(SmallPool);
    NetworkEvent rogue;
    rogue.kind = NetworkEvent::Kind::RogueServer;
    rogue.severity = NetworkEvent::Severity::Critical;
    rogue.timeMs = b.clock.nowMs();
    rogue.interfaceName = QStringLiteral("lab0");
    rogue.address = ip("198.18.0.66");
    rogue.text = QStringLiteral("198.18.0.66 offers 198.18.0.200");
    emit b.engine.networkEvent(rogue);
    for (quint8 i = 1; i <= 8; ++i)
        b.bind(Client(i));
    b.sample();

    QSignalSpy listed(&b.sampler, &StatisticsSampler::eventsListed);
    b.sampler.requestEvents(10);
    QCOMPARE(listed.size(), 1);
    const auto events = listed.at(0).at(0).value<QList<NetworkEvent>>();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].kind, NetworkEvent::Kind::Utilization); // newest first
    QCOMPARE(events[1].kind, NetworkEvent::Kind::RogueServer);
    QCOMPARE(events[1].text, rogue.text);
    QCOMPARE(events[1].address, rogue.address);
}

void TestStatisticsSampler::settingsRoundTripAndAreChecked()
{
    auto parsed = ConfigurationJson::fromJson(R"({
      "server": {"statistics": {"interval_s": 30, "warning_percent": 70, "critical_percent": 85,
                                "decline_storm_count": 5, "decline_storm_window_s": 120}},
      "scopes": [{"name": "a", "subnet": "198.18.0.0/24", "warning_percent": 60,
                  "critical_percent": 75,
                  "ranges": [{"start": "198.18.0.10", "end": "198.18.0.20"}]}]
    })");
    QVERIFY2(parsed.configuration, qPrintable(parsed.errors.join(QLatin1Char('\n'))));
    const Configuration &c = *parsed.configuration;
    QCOMPARE(c.server.statistics.intervalS, 30u);
    QCOMPARE(c.server.statistics.declineStormWindowS, 120u);
    QCOMPARE(c.scopes[0].criticalPercent, std::optional<int>(75));
    const auto again = ConfigurationJson::fromJson(ConfigurationJson::toJson(c));
    QVERIFY(again.configuration);
    QCOMPARE(again.configuration->server.statistics, c.server.statistics);
    QCOMPARE(again.configuration->scopes[0].warningPercent, std::optional<int>(60));

    // Out of range is refused with the path; a warning above the critical one is named.
    const auto bad = ConfigurationJson::fromJson(
        R"({"server": {"statistics": {"interval_s": 0}}, "scopes": []})");
    QVERIFY(!bad.configuration);
    QVERIFY2(
        bad.errors.join(QLatin1Char(' ')).contains(QStringLiteral("server.statistics.interval_s")),
        qPrintable(bad.errors.join(QLatin1Char(' '))));
    Configuration crossed = c;
    crossed.scopes[0].warningPercent = 95; // above the scope's critical 75
    const auto messageAt = [](const Configuration &config, const QString &path) {
        for (const ValidationIssue &i : ConfigurationValidator::validate(config))
            if (i.path == path)
                return i.message;
        return QString();
    };
    QCOMPARE(messageAt(crossed, QStringLiteral("scopes[0].warning_percent")),
             QStringLiteral("the warning threshold, 95 %, must be below the critical one, 75 %"));
    // Only the critical one set, below the server's warning (70 %): named where it was set.
    crossed.scopes[0].warningPercent.reset();
    crossed.scopes[0].criticalPercent = 65;
    QCOMPARE(messageAt(crossed, QStringLiteral("scopes[0].critical_percent")),
             QStringLiteral("the warning threshold, 70 % (the server's), must be below the "
                            "critical one, 65 %"));
}

QTEST_GUILESS_MAIN(TestStatisticsSampler)
#include "tst_statisticssampler.moc"
