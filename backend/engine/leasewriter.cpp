#include "engine/leasewriter.h"

#include "core/sqliteleasestore.h"

namespace leasedesk {

LeaseWriter::LeaseWriter()
{
    m_thread.setObjectName(QStringLiteral("lease writer"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

std::unique_ptr<LeaseWriter> LeaseWriter::open(const QString &file, QString *error)
{
    std::unique_ptr<LeaseWriter> writer(new LeaseWriter);
    QString why;
    // Once, at start: the connection must be opened in the thread that will use it.
    QMetaObject::invokeMethod(
        writer->m_worker,
        [w = writer.get(), &file, &why] { w->m_store = SqliteLeaseStore::open(file, &why); },
        Qt::BlockingQueuedConnection);
    if (!writer->m_store) {
        if (error)
            *error = why;
        return nullptr;
    }
    return writer;
}

LeaseWriter::~LeaseWriter()
{
    QMetaObject::invokeMethod(
        m_worker, [this] { m_store.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void LeaseWriter::commit(LeaseBatch batch, std::shared_ptr<StoreStatus> status, QObject *context,
                         std::function<void()> done)
{
    ++m_commitsGiven;
    QMetaObject::invokeMethod(
        m_worker,
        [this, batch = std::move(batch), status = std::move(status), context,
         done = std::move(done)] {
            *status = m_store->commit(batch);
            QMetaObject::invokeMethod(context, done, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void LeaseWriter::wait()
{
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace leasedesk
