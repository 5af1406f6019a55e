#pragma once

#include "core/leasestore.h"

#include <QThread>

#include <functional>
#include <memory>

namespace leasedesk {

class SqliteLeaseStore;

// The group commit on a thread of its own (issue 9). The engine decides the next requests
// while the previous bindings are written and flushed to disk; their ACKs leave when the
// commit is done, so every lease is still on disk before its ACK (design.md). While one commit
// runs, the engine gathers the following turns into the next one, so a slow disk makes
// batches larger instead of the engine slower.
//
// Has its own connection to the database (SQLite serializes it with the engine's own, which
// keeps reading and writing statistics): Qt SQL connections belong to the thread that opens
// them.
class LeaseWriter
{
public:
    // Opens `file` in the writer's thread; nothing, with a sentence, when it cannot.
    static std::unique_ptr<LeaseWriter> open(const QString &file, QString *error);
    ~LeaseWriter(); // after every commit already given
    LeaseWriter(const LeaseWriter &) = delete;
    LeaseWriter &operator=(const LeaseWriter &) = delete;

    // Commits `batch` after every batch given before; then stores the outcome in `*status`
    // and runs `done` in `context`'s thread (queued).
    void commit(LeaseBatch batch, std::shared_ptr<StoreStatus> status, QObject *context,
                std::function<void()> done);
    // Blocks until every commit given so far has been written (their `done` may still be
    // queued). For shutting down and for an administrator's flush, never per packet.
    void wait();
    // Commits given so far (counted in the caller's thread): the engine's pacing is tested
    // and measured by it.
    quint64 commitsGiven() const { return m_commitsGiven; }

private:
    LeaseWriter();

    QThread m_thread;
    QObject *m_worker = nullptr; // lives in m_thread; deleted there
    std::unique_ptr<SqliteLeaseStore> m_store; // opened, used and closed in m_thread
    quint64 m_commitsGiven = 0;
};

} // namespace leasedesk
