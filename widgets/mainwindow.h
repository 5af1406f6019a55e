#pragma once

#include <QMainWindow>

namespace leasedesk {

class PacketDecoderView;

// What the window shows of the database it was started on; main() reads it from the store,
// so the widgets never touch SQL.
struct DatabaseSummary
{
    QString file;
    qint64 configurationRevision = 0;
    qsizetype scopes = 0;
    qsizetype leases = 0;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const DatabaseSummary &database, QWidget *parent = nullptr);

    PacketDecoderView *packetDecoder() const { return m_decoder; }

private:
    PacketDecoderView *m_decoder = nullptr;
};

} // namespace leasedesk
