// The group commit on the writer's thread (issue 9): an ACK still leaves only once its binding
// is on disk, a failed commit sends nothing, flush() waits for the writer, and what arrives
// while a commit runs goes into the next one.
#include "core/sqliteleasestore.h"
#include "engine/engine.h"
#include "engine/leasewriter.h"
#include "lab.h"
#include "net/memorytransport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace lab;

namespace {

QByteArray bytesOf(const DhcpMessage &m)
{
    const auto b = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

DhcpMessage decode(const QByteArray &payload)
{
    return *proto::DhcpCodec::parse(
                std::span(reinterpret_cast<const std::uint8_t *>(payload.constData()),
                          std::size_t(payload.size())))
                .message;
}

std::optional<quint8> typeOf(const QByteArray &payload)
{
    return decode(payload).messageType();
}

// Looks in the database at the moment an ACK leaves, through a connection of its own: its
// binding must already be there (design.md: a lease is on disk before its ACK).
class CheckingTransport final : public MemoryTransport
{
public:
    SqliteLeaseStore *store = nullptr;
    QStringList violations;

    bool send(std::span<const std::uint8_t> payload, const Destination &d, QString *error) override
    {
        const auto parsed = proto::DhcpCodec::parse(payload);
        if (parsed.message
            && parsed.message->messageType() == std::optional(quint8(proto::MessageType::Ack))) {
            const auto stored = store->lease(parsed.message->yiaddr);
            if (!stored || stored->state != LeaseState::Bound)
                violations.append(addressText(parsed.message->yiaddr));
        }
        return MemoryTransport::send(payload, d, error);
    }
};

struct Bench
{
    QTemporaryDir dir;
    explicit Bench(const char *config = DefaultConfig) : Bench(config, QDir::tempPath()) { }
    // `parent`: where the database goes (a tmpfs makes commits take microseconds).
    Bench(const char *config, const QString &parent)
        : dir(parent + QStringLiteral("/leasewriter-XXXXXX"))
    {
        open(config);
    }
    QString file = dir.filePath(QStringLiteral("leases.sqlite"));
    std::unique_ptr<SqliteLeaseStore> store;
    std::unique_ptr<LeaseWriter> writer;
    SystemClock clock;
    CheckingTransport transport;
    std::unique_ptr<SqliteLeaseStore> observer; // a third connection, for CheckingTransport
    std::unique_ptr<Engine> engine;
    ReceiveInfo info{
        2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};

    void open(const char *config)
    {
        QString error;
        store = SqliteLeaseStore::open(file, &error);
        if (!store)
            qFatal("%s", qPrintable(error));
        store->saveConfiguration(config, 1);
        writer = LeaseWriter::open(file, &error);
        if (!writer)
            qFatal("%s", qPrintable(error));
        observer = SqliteLeaseStore::open(file, &error);
        transport.store = observer.get();
        engine = std::make_unique<Engine>(*store, transport, clock);
        engine->setWriter(writer.get());
        if (const QString e = engine->start(); !e.isEmpty())
            qFatal("%s", qPrintable(e));
    }
    ~Bench()
    {
        engine->flush();
        engine.reset(); // before the writer it uses
        if (!transport.violations.isEmpty())
            qFatal("ACKs left before their binding was on disk: %s",
                   qPrintable(transport.violations.join(QStringLiteral(", "))));
    }
    // DISCOVER, then REQUEST for what was offered; the REQUEST's datagram is returned unsent.
    QByteArray offeredRequest(quint8 client)
    {
        const qsizetype before = transport.sent().size();
        engine->handleDatagram(bytesOf(Client(client).discover()), info);
        if (!QTest::qWaitFor([&] { return transport.sent().size() > before; }, 5000))
            qFatal("no OFFER");
        const DhcpMessage offer = decode(transport.sent().back().payload);
        return bytesOf(Client(client).selecting(offer.yiaddr, ip("198.18.0.1")));
    }
    int acks() const
    {
        int n = 0;
        for (const auto &s : transport.sent())
            n += typeOf(s.payload) == std::optional(quint8(proto::MessageType::Ack));
        return n;
    }
};

} // namespace

class TestLeaseWriter : public QObject
{
    Q_OBJECT

private slots:
    void ackLeavesOnlyWithItsBindingOnDisk();
    void flushWaitsForTheWriter();
    void failedCommitSendsNoAck();
    void requestsDuringACommitAreAllAnswered();
    void stoppingSendsWhatWasCommitted();
    void offersAloneReachTheDiskWithoutFlush();
    void anIdleServerCommitsAtOnce();
    void backToBackBindingsShareCommits();
    void flushCommitsWhatWaitsBehindACommit();
};

void TestLeaseWriter::ackLeavesOnlyWithItsBindingOnDisk()
{
    Bench b;
    const QByteArray request = b.offeredRequest(1);
    b.transport.clear();
    b.engine->handleDatagram(request, b.info);
    QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall); // the end of its turn
    // Decided and handed to the writer; answered only when the writer says it is written.
    QVERIFY(b.transport.sent().isEmpty());
    QTRY_COMPARE(b.acks(), 1);
    const DhcpMessage ack = decode(b.transport.sent().back().payload);
    // Read through the engine's own connection: the writer's commit is visible there.
    const auto stored = b.store->lease(ack.yiaddr);
    QVERIFY(stored);
    QCOMPARE(stored->state, LeaseState::Bound);
    QCOMPARE(stored->hardwareAddress, QByteArray::fromHex("020000000001"));
}

void TestLeaseWriter::flushWaitsForTheWriter()
{
    Bench b;
    QList<QByteArray> requests;
    for (quint8 c = 1; c <= 5; ++c)
        requests.append(b.offeredRequest(c));
    for (const QByteArray &r : requests)
        b.engine->handleDatagram(r, b.info);
    b.engine->flush(); // no event loop: flush itself waits for the writer
    QCOMPARE(b.acks(), 5);
    QCOMPARE(b.store->loadLeases().size(), 5);
}

void TestLeaseWriter::failedCommitSendsNoAck()
{
    Bench b;
    const QByteArray request = b.offeredRequest(1);
    {
        // Another program makes every history insert fail, as a full disk would.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "saboteur");
        db.setDatabaseName(b.file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON lease_history "
                                       "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")),
                 qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));
    QSignalSpy problems(b.engine.get(), &Engine::problem);
    b.engine->handleDatagram(request, b.info);
    QTRY_COMPARE(problems.size(), 1);
    QVERIFY(problems.front().front().toString().contains(QStringLiteral("refused by the test")));
    QCOMPARE(b.acks(), 0);
    QCOMPARE(b.engine->counters().storeFailures, 1u);
    QVERIFY(!b.store->lease(ip("198.18.0.100"))
            || b.store->lease(ip("198.18.0.100"))->state != LeaseState::Bound);
}

void TestLeaseWriter::requestsDuringACommitAreAllAnswered()
{
    Bench b;
    // Many turns of REQUESTs in a row, without waiting: whatever arrives while a commit runs
    // waits for the next one, and every client is answered in the end.
    QList<QByteArray> requests;
    for (quint8 c = 1; c <= 9; ++c)
        requests.append(b.offeredRequest(c));
    for (const QByteArray &r : requests) {
        b.engine->handleDatagram(r, b.info);
        QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall); // end of a turn
    }
    QTRY_COMPARE(b.acks(), 9);
    QCOMPARE(b.store->loadLeases().size(), 9);
    for (const Lease &l : b.store->loadLeases())
        QCOMPARE(l.state, LeaseState::Bound);
}

void TestLeaseWriter::stoppingSendsWhatWasCommitted()
{
    Bench b;
    QList<QByteArray> requests;
    for (quint8 c = 1; c <= 3; ++c)
        requests.append(b.offeredRequest(c));
    for (const QByteArray &r : requests)
        b.engine->handleDatagram(r, b.info);
    QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall); // handed to the writer
    // Stopped while the commit is on its way: its ACKs still leave (their leases are bound),
    // before serving stops.
    b.engine->setServing(false);
    QCOMPARE(b.acks(), 3);
    QVERIFY(b.transport.violations.isEmpty());
}

void TestLeaseWriter::offersAloneReachTheDiskWithoutFlush()
{
    Bench b;
    b.engine->handleDatagram(bytesOf(Client(1).discover()), b.info);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QVERIFY(!b.store->lease(ip("198.18.0.100")));
    QTRY_VERIFY_WITH_TIMEOUT(b.store->lease(ip("198.18.0.100")), Engine::DeferredCommitMs * 6);
    QCOMPARE(b.store->lease(ip("198.18.0.100"))->state, LeaseState::Offered);
}

void TestLeaseWriter::anIdleServerCommitsAtOnce()
{
    Bench b;
    const QByteArray request = b.offeredRequest(1);
    QTest::qWait(2 * Engine::MinCommitIntervalMs); // idle: no commit for a while
    const quint64 before = b.writer->commitsGiven();
    b.engine->handleDatagram(request, b.info);
    // The end of that turn hands the binding to the writer, no timer in between: a lab's lone
    // client never waits for the pacing.
    QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall);
    QCOMPARE(b.writer->commitsGiven(), before + 1);
    QTRY_COMPARE(b.acks(), 1);
}

void TestLeaseWriter::backToBackBindingsShareCommits()
{
    // On a tmpfs a commit takes microseconds, so without the pacing nearly every turn would
    // have one of its own.
    if (!QFileInfo(QStringLiteral("/dev/shm")).isWritable())
        QSKIP("no writable /dev/shm (tmpfs) here");
    Bench b(R"({"server": {"conflict_detection": {"enabled": false}},
                "scopes": [{"name": "lab", "subnet": "198.18.0.0/24",
                            "ranges": [{"start": "198.18.0.100", "end": "198.18.0.199"}]}]})",
            QStringLiteral("/dev/shm"));
    constexpr int Clients = 40;
    QList<QByteArray> requests;
    for (quint8 c = 1; c <= Clients; ++c)
        requests.append(b.offeredRequest(c));
    QTest::qWait(2 * Engine::MinCommitIntervalMs);
    // One REQUEST every half millisecond, each in an event-loop turn of its own: without the
    // pacing nearly every one would get a commit of its own on a tmpfs; with it, commits start
    // at most every MinCommitIntervalMs and the bindings that arrive meanwhile share them.
    const quint64 before = b.writer->commitsGiven();
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < Clients; ++i) {
        b.engine->handleDatagram(requests[i], b.info);
        while (elapsed.nsecsElapsed() < (i + 1) * 500'000)
            QCoreApplication::processEvents();
    }
    const qint64 loopMs = elapsed.elapsed();
    const quint64 commitsInLoop = b.writer->commitsGiven() - before;
    QTRY_COMPARE(b.acks(), Clients);
    // One at the start, one per interval, and the last one after the loop.
    const quint64 allowed = 1 + quint64(loopMs) / Engine::MinCommitIntervalMs;
    const quint64 commits = b.writer->commitsGiven() - before;
    QVERIFY2(commitsInLoop <= allowed && commits <= allowed + 1,
             qPrintable(QStringLiteral("%1 commits (%2 during the %3 ms of requests) for %4 "
                                       "bindings")
                            .arg(commits)
                            .arg(commitsInLoop)
                            .arg(loopMs)
                            .arg(Clients)));
}

void TestLeaseWriter::flushCommitsWhatWaitsBehindACommit()
{
    Bench b;
    const QByteArray first = b.offeredRequest(1);
    const QByteArray second = b.offeredRequest(2);
    QTest::qWait(2 * Engine::MinCommitIntervalMs);
    b.engine->handleDatagram(first, b.info);
    QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall); // its commit leaves
    b.engine->handleDatagram(second, b.info);
    QCoreApplication::sendPostedEvents(b.engine.get(), QEvent::MetaCall); // waits behind it
    // Stopping, quitting and the administrator's actions flush: both bindings are on disk and
    // both ACKs gone when it returns, with no event processed (no pacing timer) in between.
    b.engine->flush();
    QCOMPARE(b.acks(), 2);
    QCOMPARE(b.store->loadLeases().size(), 2);
}

QTEST_GUILESS_MAIN(TestLeaseWriter)
#include "tst_leasewriter.moc"
