#pragma once

#include "engine/ingressqueue.h"

namespace leasedesk {

class DhcpSocket;
class Engine;

// Socket → bounded queue (oldest dropped first) → engine, as the server and the console both
// serve (issue 9): the queue hands the engine what one wake-up of the socket read, as one turn
// (IngressQueue::setDrainedBySource, Engine::beginBatch), holds datagrams back while too many
// replies wait for the writer (Engine::acceptsMore), and reports overload as the engine's
// network events.
IngressQueue::Handler engineHandler(Engine &engine);
void wireIngress(DhcpSocket &socket, IngressQueue &queue, Engine &engine);

} // namespace leasedesk
