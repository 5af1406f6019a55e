#pragma once

#include <QMainWindow>

namespace leasedesk {

class PacketDecoderView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString &databaseFile, QWidget *parent = nullptr);

    PacketDecoderView *packetDecoder() const { return m_decoder; }

private:
    PacketDecoderView *m_decoder = nullptr;
};

} // namespace leasedesk
