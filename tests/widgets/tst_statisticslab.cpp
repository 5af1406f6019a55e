// Issue 8 over a populated simulated lab: 85 virtual machines power on over 90 minutes of lab
// time on a 100-address pool while the statistics sampler takes a sample every 10 s. The
// Statistics tab must show the pool filling (table, chart, forecast while it rises), the
// alerts must reach the events panel, and a screenshot of the result is kept for the docs.
#include "core/memoryleasestore.h"
#include "engine/engine.h"
#include "engine/simulatedlab.h"
#include "engine/statisticssampler.h"
#include "widgets/mainwindow.h"
#include "widgets/statisticsview.h"
#include "widgets/timeserieschart.h"
#include "widgets/utilizationtablemodel.h"

#include <QLabel>
#include <QListWidget>
#include <QTabWidget>
#include <QTest>

using namespace leasedesk;

namespace {

constexpr qint64 LabSpanMs = 2 * 3600 * 1000;

// The engine's commits and replies and the clients' answers to them, after each step.
void settle()
{
    for (int i = 0; i < 8; ++i)
        QCoreApplication::processEvents();
}

} // namespace

class TestStatisticsLab : public QObject
{
    Q_OBJECT

private slots:
    void labFillsThePoolOnScreen();
};

void TestStatisticsLab::labFillsThePoolOnScreen()
{
    SimulatedLab::Settings settings;
    settings.clientCount = 85;
    settings.tickMs = 0; // the test moves lab time
    settings.seed = 8;
    settings.bootSpreadMs = 90 * 60 * 1000;
    settings.releaseChance = 0.02;
    // Lab time ends at the wall clock, so the window's times read as today's.
    settings.startMs = QDateTime::currentMSecsSinceEpoch() - LabSpanMs;
    MemoryLeaseStore store;
    SimulatedLab lab(settings, &store);
    QVERIFY(lab.start().isEmpty());
    StatisticsSampler sampler(lab.engine(), store, lab.clock());
    QVERIFY(sampler.start(false).isEmpty());

    MainWindow window;
    window.resize(1280, 800);
    StatisticsView *view = window.statisticsView();
    view->setNowFunction([&lab] { return lab.clock().nowMs(); });
    window.showConfiguration(lab.engine().server().configuration());
    QObject::connect(&sampler, &StatisticsSampler::sampled, &window,
                     &MainWindow::showStatisticsSample);
    QObject::connect(&sampler, &StatisticsSampler::alertRaised, &window,
                     &MainWindow::showNetworkEvent);
    QObject::connect(&sampler, &StatisticsSampler::seriesListed, &window,
                     &MainWindow::showStatistics);
    QObject::connect(&window, &MainWindow::statisticsWanted, &sampler,
                     &StatisticsSampler::requestSeries);
    QObject::connect(&lab.engine(), &Engine::networkEvent, &window, &MainWindow::showNetworkEvent);

    StatisticsSample last;
    QList<qint64> sampleTimes;
    QObject::connect(&sampler, &StatisticsSampler::sampled, [&](const StatisticsSample &s) {
        last = s;
        sampleTimes.append(s.timeS);
    });
    bool forecastWhileRising = false;
    int samples = 0;
    for (qint64 t = 0; t < LabSpanMs; t += 1000) {
        lab.advance(1000);
        settle();
        if ((t / 1000) % 10 != 9)
            continue;
        sampler.sampleNow();
        ++samples;
        // Half-way through the boot spread the pool is filling at a steady rate.
        if (t == 60 * 60 * 1000 - 1000)
            forecastWhileRising = !view->forecastLabel()->text().isEmpty();
    }
    QVERIFY2(forecastWhileRising, "no forecast while the pool filled at a steady rate");
    // Every machine has been on for half an hour: the pool no longer fills, no forecast.
    QVERIFY2(view->forecastLabel()->text().isEmpty() || view->forecastLabel()->isHidden(),
             qPrintable(view->forecastLabel()->text()));

    window.showLeases(lab.engine().server().allocations().leases());
    window.tabs()->setCurrentWidget(view);
    view->selectScope(QStringLiteral("sim-lab"));
    view->setRange(StatisticsRange::All);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    settle();

    // The table says what the lab holds: its clients' addresses are bound.
    const int bound = lab.statistics().bound;
    QVERIFY2(bound >= 80, qPrintable(QString::number(bound)));
    UtilizationTableModel *model = view->utilizationModel();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(last.scopes.size(), 1);
    QCOMPARE(last.scopes.front().bound, quint32(bound));
    QCOMPARE(model->index(0, UtilizationTableModel::BoundColumn).data().toString(),
             QString::number(bound));
    // "All" reaches past the day of fine samples: the chart shows one point per 5-minute
    // step, the open step's from its fine samples so far.
    const QList<StatisticsSample> kept = sampler.history().series(0, lab.clock().nowS() + 1);
    QCOMPARE(samples, 720);
    QSet<qint64> steps;
    for (qint64 t : std::as_const(sampleTimes))
        steps.insert(t / 300);
    QCOMPARE(kept.size(), steps.size());
    QCOMPARE(view->utilizationChart()->pointCount(0), int(kept.size()));
    // Above 80 %: the warning reached the events panel.
    auto *events = window.findChild<QListWidget *>(QStringLiteral("events"));
    bool warned = false;
    for (int i = 0; i < events->count(); ++i)
        warned = warned
            || events->item(i)->text().contains(
                QStringLiteral("utilization: sim-lab is above its warning"));
    QVERIFY(warned);

    const QString shot = QDir::current().filePath(QStringLiteral("statistics-lab.png"));
    QVERIFY(window.grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));
}

QTEST_MAIN(TestStatisticsLab)
#include "tst_statisticslab.moc"
