#pragma once

#include "core/leasestore.h"
#include "core/statisticsstore.h"

#include <QString>

#include <functional>
#include <memory>

class QSqlError;

namespace leasedesk {

class SqliteConnection;
class SqliteStatement;

// The real lease database: one SQLite file in WAL mode with synchronous=FULL, so that a
// commit that returned ok survives a power cut (https://www.sqlite.org/wal.html,
// https://www.sqlite.org/pragma.html#pragma_synchronous). Schema and migrations are in
// SqliteSchema.
//
// open() refuses, with a sentence that names the file, anything it should not write to: a
// file written by a newer LeaseDesk, a file that is not a LeaseDesk database, a damaged file,
// and a file or folder it cannot write. Refusing never modifies the file: SqliteFileInspector
// reads the header with plain file I/O and runs SQLite's checks on a read-only connection
// that creates no side files, before the read-write connection is opened.
//
// Qt SQL ties a connection to the thread that opened it
// (https://doc.qt.io/qt-6/threads-modules.html#threads-and-the-sql-module): open the store in
// the thread that uses it, i.e. the engine thread. Every instance has its own connection, so
// the GUI and the headless server may hold the same file open at once.
//
// The same file keeps the statistics samples and the events (StatisticsStore, schema 2).
class SqliteLeaseStore final : public LeaseStore, public StatisticsStore
{
public:
    // Opens `file`, creating it and its folder when missing and bringing an older schema up
    // to date. Returns nullptr and sets *error (when given) to a sentence naming the file and
    // the problem on any refusal or failure.
    static std::unique_ptr<SqliteLeaseStore> open(const QString &file, QString *error);
    ~SqliteLeaseStore() override;

    SqliteLeaseStore(const SqliteLeaseStore &) = delete;
    SqliteLeaseStore &operator=(const SqliteLeaseStore &) = delete;

    QString fileName() const { return m_file; }

    // One transaction (BEGIN IMMEDIATE … COMMIT) per batch: upserts, then removals, then
    // history. Any failure rolls the whole batch back and is returned as a sentence.
    StoreStatus commit(const LeaseBatch &batch) override;
    QList<Lease> loadLeases(QString *error = nullptr) const override;
    std::optional<Lease> lease(Ipv4Address address, QString *error = nullptr) const override;
    using LeaseStore::history;
    QList<LeaseHistoryEntry> history(int limit, const QByteArray &hardwareAddress,
                                     Ipv4Address address, QString *error = nullptr) const override;

    StoreStatus saveConfiguration(const QByteArray &json, qint64 revision) override;
    StoreStatus loadConfiguration(QByteArray *json, qint64 *revision) const override;

    StoreStatus setSetting(const QString &key, const QString &value) override;
    std::optional<QString> setting(const QString &key) const override;

    // One transaction per sample: its traffic row and one row per scope, replacing a sample
    // of the same resolution and time.
    StoreStatus appendSample(SampleResolution resolution, const StatisticsSample &sample) override;
    QList<StatisticsSample> samples(SampleResolution resolution, qint64 fromS, qint64 toS,
                                    QString *error = nullptr, qint64 strideS = 0) const override;
    qint64 newestSampleTime(SampleResolution resolution, QString *error = nullptr) const override;
    qint64 oldestSampleTime(SampleResolution resolution, QString *error = nullptr) const override;
    StoreStatus removeSamplesBefore(SampleResolution resolution, qint64 beforeS) override;
    StoreStatus appendEvent(const NetworkEvent &event) override;
    QList<NetworkEvent> events(int limit, QString *error = nullptr) const override;
    StoreStatus removeEventsBefore(qint64 beforeMs) override;

private:
    struct Statements;

    explicit SqliteLeaseStore(QString file);

    QString openFile();
    QString openReadWrite();
    QString migrate();
    QString migrateStep(int from, const QStringList &statements);
    QString prepareStatements();
    QString commitInTransaction(const LeaseBatch &batch);
    qint64 sampleTime(const char *aggregate, SampleResolution resolution, QString *error) const;
    QString writeSample(SampleResolution resolution, const StatisticsSample &sample);
    // Runs `work` (which returns an error sentence or nothing) between BEGIN IMMEDIATE and
    // COMMIT, and rolls back when anything fails.
    QString inTransaction(const QString &doing, const std::function<QString()> &work);

    // "cannot <doing> <file>: the disk is full (database or disk is full)"
    QString failure(const QString &doing, const QSqlError &error) const;
    QString nativeFailure(const QString &doing, const SqliteStatement &failed) const;
    QString connectionName(const char *purpose) const;

    QString m_file; // absolute path
    std::unique_ptr<SqliteConnection> m_connection;
    std::unique_ptr<Statements> m_statements; // prepared once; destroyed before m_connection
};

} // namespace leasedesk
