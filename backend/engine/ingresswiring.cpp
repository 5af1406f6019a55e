#include "engine/ingresswiring.h"

#include "engine/engine.h"
#include "net/dhcpsocket.h"

namespace leasedesk {

IngressQueue::Handler engineHandler(Engine &engine)
{
    return [&engine](const QByteArray &payload, const ReceiveInfo &info) {
        engine.handleDatagram(payload, info);
    };
}

void wireIngress(DhcpSocket &socket, IngressQueue &queue, Engine &engine)
{
    queue.setGate([&engine] { return engine.acceptsMore(); });
    queue.setShareHooks([&engine] { engine.beginBatch(); }, [&engine] { engine.endBatch(); });
    queue.setDrainedBySource(true);
    QObject::connect(&socket, &DhcpSocket::datagramReceived, &queue, &IngressQueue::push);
    QObject::connect(&socket, &DhcpSocket::readsFinished, &queue, &IngressQueue::drainNow);
    QObject::connect(&queue, &IngressQueue::overloaded, &engine, &Engine::networkEvent);
}

} // namespace leasedesk
