#pragma once

#include <QObject>

class QSocketNotifier;

namespace leasedesk {

// Turns SIGTERM and SIGINT into a Qt signal through a self-pipe, so the server stops from its
// event loop: pending commits are flushed and the sockets closed in order. SIGUSR1 asks for a
// rogue DHCP server check now (the headless form of the console's button).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);
    void rogueCheckRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace leasedesk
