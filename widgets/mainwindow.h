#pragma once

#include "engine/enginecontroller.h"

#include <QMainWindow>

class QLabel;

namespace leasedesk {

class PacketDecoderView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    PacketDecoderView *packetDecoder() const { return m_decoder; }

public slots:
    // What the engine reported when it started: the database, and whether it serves.
    void showEngineStatus(const leasedesk::EngineStatus &status);
    void showProblem(const QString &message);

private:
    PacketDecoderView *m_decoder = nullptr;
    QLabel *m_serving = nullptr;
    QLabel *m_database = nullptr;
};

} // namespace leasedesk
