// The DORA timeline: its arithmetic (lanes, rows, gaps, hit tests, a capped model's appends and
// removals) and the view a user clicks, scrolls and reads.
#include "widgets/timelinegeometry.h"
#include "widgets/timelineview.h"

#include <QImage>
#include <QPalette>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <set>

using namespace leasedesk;

class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    // geometry
    void lanesAreOrderedAndEvenlySpaced();
    void narrowWidthsKeepTheMinimumSpacing();
    void rowsRoundTrip();
    void arrowAtFindsTheStepOnItsArrow();
    void relayedAndSelfArrows();
    void visibleRangeCoversExactlyTheIntersectingRows();
    void removingFromTheFrontShiftsRows();
    void gapRowsMarkQuietTime();
    void growingATransactionMatchesARebuild();
    void largeCappedHistoryStaysConsistent();
    // view
    void clickingAnArrowSelectsItsStep();
    void clickingAHeaderSelectsTheTransaction();
    void keyboardMovesBetweenSteps();
    void followNewestTracksAppendsUntilTheUserScrollsUp();
    void removalsKeepWhatTheUserReadsInPlace();
    void selectTransactionScrollsToIt();
    void stepsAddedLaterAreDrawn();
    void rendersAReadableDiagram();
};

namespace {

constexpr int TransactionRole = Qt::UserRole + 1;
constexpr qint64 T0 = 1'700'000'000'000; // ms since the epoch

TransactionStep step(quint64 serial, qint64 timeMs, proto::MessageType type, Lane from, Lane to,
                     const QString &note = {})
{
    TransactionStep s;
    s.serial = serial;
    s.timeMs = timeMs;
    s.messageType = quint8(type);
    s.from = from;
    s.to = to;
    s.note = note;
    return s;
}

// A complete exchange: DISCOVER, OFFER 2 ms later, REQUEST, ACK 1 ms after it.
Transaction dora(quint64 id, qint64 startMs, int steps = 4)
{
    using MT = proto::MessageType;
    Transaction t;
    t.id = id;
    t.xid = quint32(0x3903f300 + id);
    t.mac = QByteArray::fromHex("0200000000");
    t.mac.append(char(id & 0xff));
    t.scope = QStringLiteral("lab");
    const QList<TransactionStep> all{
        step(id, startMs, MT::Discover, Lane::Client, Lane::LeaseDesk, "offered a free address"),
        step(id + 1, startMs + 2, MT::Offer, Lane::LeaseDesk, Lane::Client, "sent (broadcast)"),
        step(id + 2, startMs + 40, MT::Request, Lane::Client, Lane::LeaseDesk, "acked"),
        step(id + 3, startMs + 41, MT::Ack, Lane::LeaseDesk, Lane::Client, "sent (broadcast)"),
    };
    t.steps = all.mid(0, steps);
    t.firstMs = startMs;
    t.lastMs = t.steps.isEmpty() ? startMs : t.steps.last().timeMs;
    t.offerLatencyMs = steps >= 2 ? std::optional<qint64>(2) : std::nullopt;
    t.ackLatencyMs = steps >= 4 ? std::optional<qint64>(1) : std::nullopt;
    t.outcome = steps >= 4 ? Transaction::Outcome::Bound : Transaction::Outcome::Offered;
    t.address = *Ipv4Address::fromString("198.18.1." + std::to_string(id % 200 + 1));
    t.outcomeText = (steps >= 4 ? QStringLiteral("bound ") : QStringLiteral("offered "))
        + QString::fromStdString(t.address.toString());
    return t;
}

// Transactions 100 ms apart, with a few quiet seconds here and there, and varying lengths.
QList<Transaction> history(int count, quint64 firstId = 10)
{
    QList<Transaction> list;
    qint64 time = T0;
    for (int i = 0; i < count; ++i) {
        list.append(dora(firstId + quint64(i) * 10, time, 1 + i % 4));
        time += i % 7 == 3 ? 4'500 : 100;
    }
    return list;
}

TimelineGeometry::Metrics metrics()
{
    return TimelineGeometry::Metrics{};
}

TimelineGeometry geometryOf(const QList<Transaction> &list, int width = 1000)
{
    TimelineGeometry g(metrics(), width);
    g.appendTransactions(list);
    return g;
}

// Two geometries lay out the same rows at the same places.
void compareLayouts(const TimelineGeometry &a, const TimelineGeometry &b)
{
    QCOMPARE(a.transactionCount(), b.transactionCount());
    QCOMPARE(a.rowCount(), b.rowCount());
    QCOMPARE(a.totalHeight(), b.totalHeight());
    for (int r = 0; r < a.rowCount(); ++r) {
        QCOMPARE(a.rowY(r), b.rowY(r));
        QCOMPARE(a.row(r).kind, b.row(r).kind);
        QCOMPARE(a.row(r).transaction, b.row(r).transaction);
        QCOMPARE(a.row(r).step, b.row(r).step);
        QCOMPARE(a.row(r).gapMs, b.row(r).gapMs);
    }
}

QStandardItemModel *modelOf(const QList<Transaction> &list, QObject *parent)
{
    auto *model = new QStandardItemModel(parent);
    for (const Transaction &t : list) {
        auto *item = new QStandardItem;
        item->setData(QVariant::fromValue(t), TransactionRole);
        model->appendRow(item);
    }
    return model;
}

// Shown, with the scroll bars laid out for its size (they follow a resize once the scroll area
// has settled).
void showAndSettle(TimelineView &view)
{
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
}

void append(QStandardItemModel *model, const Transaction &t)
{
    auto *item = new QStandardItem;
    item->setData(QVariant::fromValue(t), TransactionRole);
    model->appendRow(item);
}

} // namespace

// --- geometry ----------------------------------------------------------------------------

void TestTimeline::lanesAreOrderedAndEvenlySpaced()
{
    const TimelineGeometry g(metrics(), 1000);
    const int spacing = g.laneSpacing();
    QVERIFY(spacing >= metrics().minLaneSpacing);
    QVERIFY(spacing <= metrics().maxLaneSpacing);
    for (int lane = 0; lane < LaneCount; ++lane) {
        const int x = g.laneX(Lane(lane));
        QVERIFY(x > g.laneAreaLeft());
        QVERIFY(x < g.laneAreaRight());
        if (lane > 0)
            QCOMPARE(x - g.laneX(Lane(lane - 1)), spacing);
    }
    QVERIFY(g.laneAreaLeft() >= metrics().timeColumnWidth);
    QCOMPARE(g.commentLeft(), g.laneAreaRight());
    QCOMPARE(g.commentRight(), 1000);
    QVERIFY(g.commentRight() - g.commentLeft() >= metrics().commentMinWidth);

    // A very wide window gives the room to the comments, not to ever wider lanes.
    const TimelineGeometry wide(metrics(), 4000);
    QCOMPARE(wide.laneSpacing(), metrics().maxLaneSpacing);
    QCOMPARE(wide.commentRight(), 4000);
}

void TestTimeline::narrowWidthsKeepTheMinimumSpacing()
{
    for (const int width : {0, 200, 400, 600}) {
        const TimelineGeometry g(metrics(), width);
        QCOMPARE(g.laneSpacing(), metrics().minLaneSpacing);
        QCOMPARE(g.laneX(Lane::Relay) - g.laneX(Lane::Client), metrics().minLaneSpacing);
        // Too narrow for everything: the content is wider than the window and scrolls.
        QCOMPARE(g.contentWidth(),
                 metrics().timeColumnWidth + LaneCount * metrics().minLaneSpacing
                     + metrics().commentMinWidth);
        QVERIFY(g.contentWidth() > width);
    }
}

void TestTimeline::rowsRoundTrip()
{
    const QList<Transaction> list = history(40);
    const TimelineGeometry g = geometryOf(list);
    QCOMPARE(g.transactionCount(), 40);
    QCOMPARE(g.rowY(0), metrics().laneHeaderHeight);
    QCOMPARE(g.rowAt(metrics().laneHeaderHeight - 1), -1); // under the pinned lane names
    QCOMPARE(g.rowAt(g.totalHeight()), -1);
    for (int r = 0; r < g.rowCount(); ++r) {
        const int y = g.rowY(r);
        const int h = g.rowHeight(r);
        QVERIFY(h > 0);
        QCOMPARE(g.rowAt(y), r);
        QCOMPARE(g.rowAt(y + h / 2), r);
        QCOMPARE(g.rowAt(y + h - 1), r);
        if (r + 1 < g.rowCount())
            QCOMPARE(g.rowY(r + 1), y + h);
        else
            QCOMPARE(g.totalHeight(), y + h);
    }
    // Each transaction is its header, then its steps in order.
    for (int t = 0; t < list.size(); ++t) {
        const int header = g.headerRow(t);
        QCOMPARE(g.row(header).kind, TimelineGeometry::RowKind::Header);
        QCOMPARE(g.row(header).transaction, t);
        QCOMPARE(g.stepCount(t), list[t].steps.size());
        int previous = header;
        for (int s = 0; s < list[t].steps.size(); ++s) {
            const int r = g.stepRow(t, s);
            QVERIFY(r > previous);
            QCOMPARE(g.row(r).kind, TimelineGeometry::RowKind::Step);
            QCOMPARE(g.row(r).transaction, t);
            QCOMPARE(g.row(r).step, s);
            QCOMPARE(g.stepSerial(t, s), list[t].steps[s].serial);
            previous = r;
        }
        QCOMPARE(g.transactionIndexOf(list[t].id), t);
    }
    QCOMPARE(g.transactionIndexOf(11), -1);
}

void TestTimeline::arrowAtFindsTheStepOnItsArrow()
{
    const QList<Transaction> list = history(8);
    const TimelineGeometry g = geometryOf(list);
    const int tolerance = metrics().arrowTolerance;
    for (int r = 0; r < g.rowCount(); ++r) {
        const TimelineGeometry::Row row = g.row(r);
        if (row.kind != TimelineGeometry::RowKind::Step) {
            QVERIFY(!g.arrow(r));
            QVERIFY(!g.arrowAt(QPoint(g.laneX(Lane::Relay), g.rowY(r) + g.rowHeight(r) / 2)));
            continue;
        }
        const auto a = g.arrow(r);
        QVERIFY(a);
        QVERIFY(a->y >= g.rowY(r) && a->y < g.rowY(r) + g.rowHeight(r));
        const quint64 serial = list[row.transaction].steps[row.step].serial;
        for (const QPoint p :
             {QPoint(a->x1, a->y), QPoint((a->x1 + a->x2) / 2, a->y), QPoint(a->x2, a->y),
              QPoint(a->left() + 7, a->y - tolerance), QPoint(a->right() - 7, a->y + tolerance)}) {
            const auto hit = g.arrowAt(p);
            QVERIFY(hit);
            QCOMPARE(hit->serial, serial);
            QCOMPARE(hit->row, r);
            QCOMPARE(hit->transaction, row.transaction);
            QCOMPARE(hit->step, row.step);
        }
        // Between the lanes but well above or below the line: nothing.
        const int mid = (a->x1 + a->x2) / 2;
        QVERIFY(!g.arrowAt(QPoint(mid, a->y - tolerance - 3)));
        QVERIFY(!g.arrowAt(QPoint(mid, g.rowY(r))));
        // On the line's height but past its ends (the Other servers lane, the comment).
        QVERIFY(!g.arrowAt(QPoint(g.laneX(Lane::OtherServers), a->y)));
        QVERIFY(!g.arrowAt(QPoint(g.commentLeft() + 20, a->y)));
        QVERIFY(!g.arrowAt(QPoint(a->left() - tolerance - 5, a->y)));
    }
}

void TestTimeline::relayedAndSelfArrows()
{
    using MT = proto::MessageType;
    Transaction t = dora(10, T0, 0);
    TransactionStep relayed = step(10, T0, MT::Discover, Lane::Client, Lane::LeaseDesk);
    relayed.relayed = true;
    const TransactionStep toRelay = step(11, T0 + 1, MT::Offer, Lane::LeaseDesk, Lane::Relay);
    const TransactionStep self = step(12, T0 + 2, MT::Nak, Lane::LeaseDesk, Lane::LeaseDesk);
    const TransactionStep other = step(0, T0 + 3, MT::Offer, Lane::OtherServers, Lane::Client);
    t.steps = {relayed, toRelay, self, other};
    const TimelineGeometry g = geometryOf({t});

    const auto a0 = g.arrow(g.stepRow(0, 0));
    QCOMPARE(a0->viaX, std::optional<int>(g.laneX(Lane::Relay)));
    QCOMPARE(a0->left(), g.laneX(Lane::Client));
    QCOMPARE(a0->right(), g.laneX(Lane::LeaseDesk));
    // A step that ends at the relay is not drawn through it.
    QVERIFY(!g.arrow(g.stepRow(0, 1))->viaX);
    QCOMPARE(g.arrow(g.stepRow(0, 1))->x2, g.laneX(Lane::Relay));

    const auto a2 = g.arrow(g.stepRow(0, 2));
    QVERIFY(a2->selfLoop);
    QCOMPARE(a2->left(), g.laneX(Lane::LeaseDesk));
    QCOMPARE(a2->right(), g.laneX(Lane::LeaseDesk) + metrics().selfArrowWidth);
    QCOMPARE(g.arrowAt(QPoint(a2->right(), a2->y))->serial, quint64(12));

    // Another server's offer is no packet of ours: it is still hit, with serial 0.
    const auto a3 = g.arrow(g.stepRow(0, 3));
    QCOMPARE(a3->x1, g.laneX(Lane::OtherServers));
    const auto hit = g.arrowAt(QPoint(g.laneX(Lane::Relay), a3->y));
    QVERIFY(hit);
    QCOMPARE(hit->serial, quint64(0));
    QCOMPARE(hit->step, 3);
}

void TestTimeline::visibleRangeCoversExactlyTheIntersectingRows()
{
    const TimelineGeometry g = geometryOf(history(30));
    const int total = g.totalHeight();
    for (int y0 = 0; y0 < total + 40; y0 += 17) {
        for (const int span : {1, 13, 30, 250, 2000}) {
            const int y1 = y0 + span;
            const auto [first, last] = g.visibleRows(y0, y1);
            for (int r = 0; r < g.rowCount(); ++r) {
                const bool intersects = g.rowY(r) < y1 && g.rowY(r) + g.rowHeight(r) > y0;
                QVERIFY2(intersects == (r >= first && r < last),
                         qPrintable(QStringLiteral("row %1, [%2, %3)").arg(r).arg(y0).arg(y1)));
            }
        }
    }
    QCOMPARE(g.visibleRows(total, total + 100).first, g.visibleRows(total, total + 100).second);
}

void TestTimeline::removingFromTheFrontShiftsRows()
{
    const QList<Transaction> list = history(12);
    TimelineGeometry g = geometryOf(list);
    const int firstKept = g.headerRow(4);
    const int shift = g.rowY(firstKept) - g.rowY(0);
    // history() puts 4.5 s before transaction 4: the gap row above its header goes as well.
    QCOMPARE(g.row(firstKept - 1).kind, TimelineGeometry::RowKind::Gap);
    QList<int> oldY;
    for (int r = firstKept; r < g.rowCount(); ++r)
        oldY.append(g.rowY(r));

    g.removeFirstTransactions(4);
    QCOMPARE(g.transactionCount(), 8);
    QCOMPARE(g.headerRow(0), 0);
    QCOMPARE(g.rowY(0), metrics().laneHeaderHeight);
    QCOMPARE(g.row(0).transaction, 0);
    QCOMPARE(g.transactionId(0), list[4].id);
    QCOMPARE(g.transactionIndexOf(list[3].id), -1);
    QCOMPARE(g.transactionIndexOf(list[5].id), 1);
    QCOMPARE(g.rowCount(), oldY.size());
    for (int r = 0; r < g.rowCount(); ++r)
        QCOMPARE(g.rowY(r), oldY[r] - shift);
    compareLayouts(g, geometryOf(list.mid(4)));

    // And it goes on working as rows come and go.
    const QList<Transaction> more = history(20, 500);
    g.appendTransactions(more.mid(12));
    g.removeFirstTransactions(3);
    QList<Transaction> expected = list.mid(7) + more.mid(12);
    compareLayouts(g, geometryOf(expected));
    g.removeFirstTransactions(100);
    QCOMPARE(g.rowCount(), 0);
    QCOMPARE(g.totalHeight(), metrics().laneHeaderHeight);
    QCOMPARE(g.rowAt(metrics().laneHeaderHeight), -1);
    g.appendTransaction(list[0]);
    compareLayouts(g, geometryOf({list[0]}));
}

void TestTimeline::gapRowsMarkQuietTime()
{
    using MT = proto::MessageType;
    Transaction a = dora(10, T0);
    a.steps[2].timeMs = T0 + 3'202; // the client took 3.2 s to REQUEST
    a.steps[3].timeMs = T0 + 3'203;
    Transaction b = dora(20, T0 + 3'203 + 1'000); // exactly 1 s: no marker
    Transaction c = dora(30, b.steps.last().timeMs + 60'000);
    c.steps.append(
        step(34, c.steps.last().timeMs + 500, MT::Release, Lane::Client, Lane::LeaseDesk));
    const TimelineGeometry g = geometryOf({a, b, c});

    QList<TimelineGeometry::RowKind> kinds;
    QList<qint64> gaps;
    for (int r = 0; r < g.rowCount(); ++r) {
        kinds.append(g.row(r).kind);
        if (g.row(r).kind == TimelineGeometry::RowKind::Gap)
            gaps.append(g.row(r).gapMs);
    }
    using K = TimelineGeometry::RowKind;
    const QList<K> expected{K::Header, K::Step,   K::Step, K::Gap,  K::Step, K::Step, // a
                            K::Header, K::Step,   K::Step, K::Step, K::Step, // b
                            K::Gap,    K::Header, K::Step, K::Step, K::Step, K::Step, K::Step};
    QCOMPARE(kinds, expected);
    QCOMPARE(gaps, (QList<qint64>{3'200, 60'000}));
    QCOMPARE(g.rowHeight(3), metrics().gapRowHeight);
    QCOMPARE(g.row(3).transaction, 0);
    QCOMPARE(g.row(3).step, 2); // the step it precedes
    QCOMPARE(g.stepRow(0, 2), 4);
    QCOMPARE(g.headerRow(2), 12);
}

void TestTimeline::growingATransactionMatchesARebuild()
{
    QList<Transaction> list = history(10);
    TimelineGeometry g = geometryOf(list);
    // Transaction 2 had only its DISCOVER and OFFER; the REQUEST and ACK arrive a while later,
    // so its rows grow, a gap appears inside it, and everything under it moves down.
    Transaction grown = dora(list[2].id, list[2].firstMs, 4);
    grown.steps[2].timeMs += 2'000;
    grown.steps[3].timeMs += 2'000;
    const int below = g.rowY(g.headerRow(3));
    list[2] = grown;
    g.updateTransaction(2, grown);
    compareLayouts(g, geometryOf(list));
    QVERIFY(g.rowY(g.headerRow(3)) > below);

    list[5] = dora(list[5].id, list[5].firstMs, 1);
    list[6] = dora(list[6].id, list[6].firstMs, 4);
    g.updateTransactions(5, {list[5], list[6]});
    compareLayouts(g, geometryOf(list));

    g.setMetrics([] {
        TimelineGeometry::Metrics m = metrics();
        m.stepRowHeight = 40;
        return m;
    }());
    QCOMPARE(g.rowHeight(g.stepRow(0, 0)), 40);
    QCOMPARE(g.rowAt(g.rowY(g.stepRow(9, 0))), g.stepRow(9, 0));
}

void TestTimeline::largeCappedHistoryStaysConsistent()
{
    // A live model capped at 10,000 transactions: batches in at the end, the oldest out.
    const QList<Transaction> all = history(12'000);
    TimelineGeometry g(metrics(), 900);
    g.appendTransactions(all.mid(0, 10'000));
    QVERIFY(g.rowCount() > 30'000);
    for (int batch = 0; batch < 20; ++batch) {
        g.appendTransactions(all.mid(10'000 + batch * 100, 100));
        g.removeFirstTransactions(100);
    }
    QCOMPARE(g.transactionCount(), 10'000);
    QCOMPARE(g.transactionId(0), all[2'000].id);
    compareLayouts(g, geometryOf(all.mid(2'000), 900));
    // Queries anywhere in it.
    for (int r = 0; r < g.rowCount(); r += 997)
        QCOMPARE(g.rowAt(g.rowY(r)), r);
    QCOMPARE(g.transactionIndexOf(all[11'999].id), 9'999);
}

// --- view --------------------------------------------------------------------------------

void TestTimeline::clickingAnArrowSelectsItsStep()
{
    using MT = proto::MessageType;
    QList<Transaction> list = history(3);
    list[2] = dora(list[2].id, list[2].firstMs, 3);
    list[2].steps.append(step(0, list[2].lastMs + 1, MT::Offer, Lane::OtherServers, Lane::Client));
    TimelineView view;
    view.setModel(modelOf(list, &view));
    view.resize(900, 500);
    showAndSettle(view);
    QSignalSpy steps(&view, &TimelineView::stepSelected);
    const TimelineGeometry &g = view.timelineGeometry();

    const auto a = g.arrow(g.stepRow(1, 1));
    QVERIFY(a);
    const QPoint onArrow = view.mapFromContent(QPoint((a->left() + a->right()) / 2 + 11, a->y));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, onArrow);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.at(0).at(0).toULongLong(), list[1].steps[1].serial);
    QCOMPARE(view.selectedSerial(), list[1].steps[1].serial);

    // An empty spot between lanes, away from any arrow, changes nothing.
    const QPoint empty =
        view.mapFromContent(QPoint(g.laneX(Lane::OtherServers) - 10, g.rowY(g.stepRow(0, 0)) + 2));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, empty);
    QCOMPARE(steps.size(), 1);
    QCOMPARE(view.selectedSerial(), list[1].steps[1].serial);

    // Another server's offer has no packet to show: no signal.
    const auto other = g.arrow(g.stepRow(2, 3));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                      view.mapFromContent(QPoint(g.laneX(Lane::Relay), other->y)));
    QCOMPARE(steps.size(), 1);

    // The comment belongs to its step too.
    const QPoint comment =
        view.mapFromContent(QPoint(g.commentLeft() + 30, g.rowY(g.stepRow(0, 0)) + 5));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, comment);
    QCOMPARE(steps.size(), 2);
    QCOMPARE(steps.at(1).at(0).toULongLong(), list[0].steps[0].serial);
}

void TestTimeline::clickingAHeaderSelectsTheTransaction()
{
    const QList<Transaction> list = history(3);
    TimelineView view;
    view.setModel(modelOf(list, &view));
    view.resize(900, 500);
    showAndSettle(view);
    QSignalSpy transactions(&view, &TimelineView::transactionSelected);
    QSignalSpy steps(&view, &TimelineView::stepSelected);
    const TimelineGeometry &g = view.timelineGeometry();
    const QRect header = g.rowRect(g.headerRow(2));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromContent(header.center()));
    QCOMPARE(transactions.size(), 1);
    QCOMPARE(transactions.at(0).at(0).toULongLong(), list[2].id);
    QCOMPARE(view.selectedTransaction(), list[2].id);
    QCOMPARE(view.selectedSerial(), quint64(0));
    QCOMPARE(steps.size(), 0);
    // The lane names are not a row.
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(300, 3));
    QCOMPARE(transactions.size(), 1);
}

void TestTimeline::keyboardMovesBetweenSteps()
{
    const QList<Transaction> list{dora(10, T0, 2), dora(20, T0 + 100, 4)};
    TimelineView view;
    view.setModel(modelOf(list, &view));
    view.resize(900, 500);
    showAndSettle(view);
    QSignalSpy steps(&view, &TimelineView::stepSelected);
    view.selectTransaction(10);
    for (int i = 0; i < 7; ++i) // past the last step: stays there
        QTest::keyClick(&view, Qt::Key_Down);
    QList<quint64> serials;
    for (const auto &args : steps)
        serials.append(args.at(0).toULongLong());
    // Across the second transaction's header, straight to its DISCOVER.
    QCOMPARE(serials, (QList<quint64>{10, 11, 20, 21, 22, 23}));
    QTest::keyClick(&view, Qt::Key_Up);
    QTest::keyClick(&view, Qt::Key_Up);
    QTest::keyClick(&view, Qt::Key_Up);
    QTest::keyClick(&view, Qt::Key_Up);
    QCOMPARE(view.selectedSerial(), quint64(11));
}

void TestTimeline::followNewestTracksAppendsUntilTheUserScrollsUp()
{
    QList<Transaction> list = history(200);
    auto *model = modelOf(list.mid(0, 40), nullptr);
    TimelineView view;
    model->setParent(&view);
    view.setModel(model);
    view.resize(900, 500);
    showAndSettle(view);
    QVERIFY(view.followNewest());
    QScrollBar *bar = view.verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    for (int i = 40; i < 60; ++i) {
        const int before = bar->maximum();
        append(model, list[i]);
        QVERIFY(bar->maximum() > before);
        QCOMPARE(bar->value(), bar->maximum());
    }

    QSignalSpy follow(&view, &TimelineView::followNewestChanged);
    bar->triggerAction(QAbstractSlider::SliderSingleStepSub); // the user scrolls up a notch
    QVERIFY(!view.followNewest());
    QCOMPARE(follow.size(), 1);
    QCOMPARE(follow.at(0).at(0).toBool(), false);
    const int value = bar->value();
    for (int i = 60; i < 70; ++i)
        append(model, list[i]);
    QCOMPARE(bar->value(), value);
    QVERIFY(bar->maximum() > value);

    view.setFollowNewest(true);
    QCOMPARE(follow.size(), 2);
    QCOMPARE(bar->value(), bar->maximum());
    append(model, list[70]);
    QCOMPARE(bar->value(), bar->maximum());
}

void TestTimeline::removalsKeepWhatTheUserReadsInPlace()
{
    const QList<Transaction> list = history(100);
    auto *model = modelOf(list, nullptr);
    TimelineView view;
    model->setParent(&view);
    view.setModel(model);
    view.resize(900, 500);
    showAndSettle(view);
    view.setFollowNewest(false);
    QScrollBar *bar = view.verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const TimelineGeometry &g = view.timelineGeometry();
    const int top = bar->value() + g.metrics().laneHeaderHeight;
    const TimelineGeometry::Row before = g.row(g.rowAt(top));
    const quint64 shownId = g.transactionId(before.transaction);

    model->removeRows(0, 10); // the cap drops the oldest
    QCOMPARE(g.transactionCount(), 90);
    const TimelineGeometry::Row after = g.row(g.rowAt(bar->value() + g.metrics().laneHeaderHeight));
    QCOMPARE(g.transactionId(after.transaction), shownId);
    QCOMPARE(after.step, before.step);
    QVERIFY(!view.followNewest());
}

void TestTimeline::selectTransactionScrollsToIt()
{
    const QList<Transaction> list = history(100);
    TimelineView view;
    view.setModel(modelOf(list, &view));
    view.resize(900, 500);
    showAndSettle(view);
    QScrollBar *bar = view.verticalScrollBar();
    QCOMPARE(bar->value(), bar->maximum());
    view.selectTransaction(list[5].id);
    QCOMPARE(view.selectedTransaction(), list[5].id);
    const TimelineGeometry &g = view.timelineGeometry();
    const int y = view.mapFromContent(QPoint(0, g.rowY(g.headerRow(5)))).y();
    QVERIFY(y >= g.metrics().laneHeaderHeight);
    QVERIFY(y + g.rowHeight(g.headerRow(5)) <= view.viewport()->height());
    // Looking at an old transaction stops the view from running away to the newest.
    QVERIFY(!view.followNewest());
    view.selectTransaction(12345); // not in the model
    QCOMPARE(view.selectedTransaction(), list[5].id);
}

void TestTimeline::stepsAddedLaterAreDrawn()
{
    QList<Transaction> list = history(4);
    list[1] = dora(list[1].id, list[1].firstMs, 1);
    auto *model = modelOf(list, nullptr);
    TimelineView view;
    model->setParent(&view);
    view.setModel(model);
    view.resize(900, 500);
    const TimelineGeometry &g = view.timelineGeometry();
    QCOMPARE(g.stepCount(1), 1);
    const int rows = g.rowCount();
    model->setData(model->index(1, 0), QVariant::fromValue(dora(list[1].id, list[1].firstMs)),
                   TransactionRole);
    QCOMPARE(g.stepCount(1), 4);
    QCOMPARE(g.rowCount(), rows + 3);
    QCOMPARE(g.row(g.headerRow(2)).transaction, 2);
}

void TestTimeline::rendersAReadableDiagram()
{
    using MT = proto::MessageType;
    using O = Transaction::Outcome;
    QList<Transaction> list;
    list.append(dora(10, T0));
    Transaction relayed = dora(20, T0 + 300);
    relayed.mac = QByteArray::fromHex("020000000007");
    for (TransactionStep &s : relayed.steps)
        s.relayed = true;
    list.append(relayed);
    Transaction nak = dora(30, T0 + 3'800, 0);
    nak.steps = {step(30, T0 + 3'800, MT::Request, Lane::Client, Lane::LeaseDesk,
                      "NAK: 10.0.0.5 is not on this network"),
                 step(31, T0 + 3'801, MT::Nak, Lane::LeaseDesk, Lane::Client, "sent")};
    nak.ackLatencyMs = 1;
    nak.outcome = O::Nak;
    nak.outcomeText = QStringLiteral("NAK because the requested address is not on this network");
    list.append(nak);
    Transaction conflict = dora(40, T0 + 4'000, 2);
    conflict.steps.append(
        step(42, T0 + 4'020, MT::Request, Lane::Client, Lane::LeaseDesk, "acked"));
    conflict.steps.append(step(0, T0 + 4'021, MT::Offer, Lane::OtherServers, Lane::Client,
                               "offer from 198.18.0.254 (another server)"));
    TransactionStep failed = step(43, T0 + 4'022, MT::Ack, Lane::LeaseDesk, Lane::Client,
                                  "could not send: network unreachable");
    failed.failed = true;
    conflict.steps.append(failed);
    conflict.steps.append(step(44, T0 + 4'500, MT::Decline, Lane::Client, Lane::LeaseDesk,
                               "declined: quarantined for 3600 s"));
    conflict.outcome = O::Conflict;
    conflict.outcomeText = QStringLiteral("conflict on 198.18.0.105");
    list.append(conflict);
    list.append(dora(50, T0 + 6'000, 1));
    list.last().outcome = O::Pending;
    list.last().outcomeText.clear();

    TimelineView view;
    view.setModel(modelOf(list, &view));
    view.resize(900, 500);
    showAndSettle(view);
    view.setFollowNewest(false);
    view.verticalScrollBar()->setValue(0);
    view.selectTransaction(20);
    const TimelineGeometry &g = view.timelineGeometry();
    const auto a = g.arrow(g.stepRow(1, 2));
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromContent({a->x1 + 20, a->y}));
    QCOMPARE(view.selectedSerial(), quint64(22));

    const QImage image = view.grab().toImage();
    QCOMPARE(image.size(), QSize(900, 500) * image.devicePixelRatio());
    QVERIFY(image.save(QStringLiteral("timeline.png")));
    // The end too, for whoever looks at the pictures: another server, a failed send.
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    QVERIFY(view.grab().save(QStringLiteral("timeline-end.png")));

    // Too narrow for the lanes: they keep their spacing and the view scrolls sideways.
    QCOMPARE(view.horizontalScrollBar()->maximum(), 0);
    QTRY_VERIFY(!view.horizontalScrollBar()->isVisible());
    view.resize(480, 400);
    QVERIFY(view.horizontalScrollBar()->maximum() > 0);
    QTRY_VERIFY(view.horizontalScrollBar()->isVisible());
    QCOMPARE(g.laneSpacing(), g.metrics().minLaneSpacing);
    view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->maximum());
    QVERIFY(view.grab().save(QStringLiteral("timeline-narrow.png")));

    // A dark palette: the fixed colours still read (saved for a look, not compared).
    QPalette dark = view.palette();
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::Window, QColor(0x32, 0x32, 0x32));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    view.setPalette(dark);
    view.resize(900, 500);
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(QStringLiteral("timeline-dark.png")));
    // Not blank: the arrows' colours are there, and plenty of others (text, lines).
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            colours.insert(image.pixel(x, y) & 0xffffff);
    }
    QVERIFY(colours.size() > 50);
    for (const MT type : {MT::Discover, MT::Offer, MT::Ack, MT::Nak, MT::Decline})
        QVERIFY2(colours.count(TimelineView::messageTypeColor(quint8(type)).rgb() & 0xffffff),
                 proto::messageTypeName(quint8(type)).data());
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
