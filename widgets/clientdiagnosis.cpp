#include "widgets/clientdiagnosis.h"

#include "core/configuration.h"
#include "proto/dhcpmessage.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace leasedesk {

namespace {

using proto::MessageType;
using Outcome = Transaction::Outcome;

bool isType(quint8 type, MessageType t)
{
    return type == quint8(t);
}

QString typeName(quint8 type)
{
    const std::string_view name = proto::messageTypeName(type);
    return name.empty() ? QStringLiteral("packet")
                        : QString::fromLatin1(name.data(), qsizetype(name.size()));
}

bool fromClient(const TransactionStep &s)
{
    return s.from == Lane::Client || s.from == Lane::Relay;
}

// The last step the client (or its relay) sent that LeaseDesk did not answer.
const TransactionStep *lastIgnored(const Transaction &t)
{
    for (auto it = t.steps.crbegin(); it != t.steps.crend(); ++it)
        if (fromClient(*it) && it->failed)
            return &*it;
    return nullptr;
}

// The text after `marker` up to the next space: a scope or interface name in a reason.
QString wordAfter(const QString &reason, const QString &marker)
{
    const qsizetype at = reason.indexOf(marker);
    return at < 0 ? QString() : reason.mid(at + marker.size()).section(QLatin1Char(' '), 0, 0);
}

// What to do about one of the engine's reasons for not answering (server.cpp, engine.cpp,
// allocationengine.cpp phrase them).
QString ignoredAdvice(const QString &reason)
{
    if (reason.contains(QLatin1String("denied by scope")))
        return QStringLiteral("Its MAC is refused by the MAC filter of scope %1: allow it there "
                              "if it should get an address.")
            .arg(wordAfter(reason, QStringLiteral("denied by scope ")));
    if (reason.startsWith(QLatin1String("no scope for interface")))
        return QStringLiteral("No scope covers the network of interface %1: add a scope for "
                              "that subnet, or check that the client is on the right VLAN.")
            .arg(wordAfter(reason, QStringLiteral("no scope for interface ")));
    if (reason.startsWith(QLatin1String("no scope for giaddr")))
        return QStringLiteral("Its relay agent (%1) is on a network no scope covers: add a "
                              "scope for the relay's subnet.")
            .arg(wordAfter(reason, QStringLiteral("no scope for giaddr ")));
    if (reason.contains(QLatin1String("not serving")))
        return QStringLiteral("LeaseDesk was stopped: start serving.");
    if (reason.contains(QLatin1String("is not served")))
        return QStringLiteral("Scope %1 is switched off: switch it on.")
            .arg(wordAfter(reason, QStringLiteral("scope ")));
    if (reason.contains(QLatin1String("pool exhausted")))
        return QStringLiteral("Scope %1 has no free address left: widen its ranges, shorten "
                              "the lease time or delete stale leases.")
            .arg(wordAfter(reason, QStringLiteral("pool exhausted in scope ")).remove(':'));
    if (reason.contains(QLatin1String("has no IPv4 address to answer from")))
        return QStringLiteral("Give that interface an IPv4 address in the scope's subnet.");
    if (reason.contains(QLatin1String("conflict probes are in flight")))
        return QStringLiteral("Many addresses were being checked for conflicts at once; the "
                              "client should get an answer when it asks again.");
    if (reason.contains(QLatin1String("BOOTP")))
        return QStringLiteral("It is a BOOTP client: LeaseDesk answers DHCP clients only.");
    return {};
}

QString nakAdvice(const QString &text)
{
    if (text.contains(QLatin1String("is not on this network")))
        return QStringLiteral("It asked for an address of another network: it probably moved "
                              "between networks (another port, VLAN or Wi-Fi). It should start "
                              "over with a DISCOVER; if it does not, renew its lease by hand.");
    if (text.contains(QLatin1String("belongs to another client")))
        return QStringLiteral("That address now belongs to another machine; it should start "
                              "over with a DISCOVER and get a new one.");
    if (text.contains(QLatin1String("no current record"))
        || text.contains(QLatin1String("no lease for")))
        return QStringLiteral("LeaseDesk holds no lease for it (expired, deleted or a new "
                              "database); it should start over with a DISCOVER.");
    if (text.contains(QLatin1String("reservation")))
        return QStringLiteral("It has a reservation for another address; it should start over "
                              "with a DISCOVER and get that one.");
    return QStringLiteral("It should start over with a DISCOVER.");
}

QString stripped(const QString &text, const QString &prefix)
{
    return text.startsWith(prefix) ? text.mid(prefix.size()) : text;
}

QString leaseSentence(const Lease &l)
{
    const QString scope =
        l.scope.isEmpty() ? QString() : QStringLiteral(" (scope %1)").arg(l.scope);
    return QStringLiteral("The lease table has %1 bound to it since %2, expiring %3%4.")
        .arg(addressText(l.address), momentText(l.start * 1000), momentText(l.end * 1000), scope);
}

const Lease *boundLease(const QList<Lease> &leases)
{
    const Lease *best = nullptr;
    for (const Lease &l : leases)
        if (l.state == LeaseState::Bound && (!best || l.end > best->end))
            best = &l;
    return best;
}

Ipv4Address anyOtherServer(const QList<Transaction> &transactions)
{
    for (auto it = transactions.crbegin(); it != transactions.crend(); ++it)
        if (!it->otherServer.isZero())
            return it->otherServer;
    return {};
}

QStringList nothingReceived(const QByteArray &mac, const Lease *bound)
{
    QStringList out{
        QStringLiteral("LeaseDesk has received nothing from %1 since it began watching traffic.")
            .arg(formatMac(mac))};
    if (bound)
        out << leaseSentence(*bound);
    out << QStringLiteral("Check the client's cable or Wi-Fi and that its switch port is in the "
                          "right VLAN.")
        << QStringLiteral("If it is on another subnet, check that the router's DHCP relay "
                          "(ip helper) forwards to this machine.")
        << QStringLiteral("Check that LeaseDesk serves the interface facing that network and "
                          "that no firewall blocks UDP port 67.");
    return out;
}

QStringList boundLines(const Transaction &t, const Lease *lease)
{
    QStringList out;
    if (lease)
        out << QStringLiteral("It has an address: %1 since %2, expiring %3 (scope %4).")
                   .arg(addressText(lease->address), momentText(lease->start * 1000),
                        momentText(lease->end * 1000), lease->scope);
    else
        out << QStringLiteral("It has an address: %1, acknowledged at %2%3.")
                   .arg(addressText(t.address), momentText(t.lastMs),
                        t.scope.isEmpty() ? QString() : QStringLiteral(" (scope %1)").arg(t.scope));
    out << QStringLiteral("DHCP worked, so the problem is elsewhere: check the router and DNS it "
                          "was given (the scope's options) and its link.");
    return out;
}

QStringList ignoredLines(const Transaction &t, const QList<Transaction> &all)
{
    const TransactionStep *s = lastIgnored(t);
    const QString reason =
        s ? s->note : stripped(t.outcomeText, QStringLiteral("ignored because "));
    int discovers = 0;
    int ignored = 0;
    for (const Transaction &x : all)
        for (const TransactionStep &step : x.steps)
            if (fromClient(step) && isType(step.messageType, MessageType::Discover)) {
                ++discovers;
                ignored += step.failed ? 1 : 0;
            }
    QStringList out;
    if (discovers > 1 && ignored == discovers)
        out << QStringLiteral("All %1 DISCOVERs from it since %2 were ignored: %3.")
                   .arg(discovers)
                   .arg(momentText(all.constFirst().firstMs), reason);
    else
        out << QStringLiteral("LeaseDesk ignored its %1 at %2: %3.")
                   .arg(typeName(s ? s->messageType : 0), momentText(t.lastMs), reason);
    if (const QString advice = ignoredAdvice(reason); !advice.isEmpty())
        out << advice;
    return out;
}

QStringList offeredLines(const Transaction &t, const QList<Transaction> &all)
{
    QStringList out{QStringLiteral("LeaseDesk offered %1 at %2, but the client never asked for "
                                   "it (no REQUEST).")
                        .arg(addressText(t.address), momentText(t.lastMs))};
    const Ipv4Address other = anyOtherServer(all);
    if (!other.isZero()) {
        out << QStringLiteral("It probably took the offer of another DHCP server, %1: switch "
                              "that server off or keep it off this network.")
                   .arg(addressText(other));
        return out;
    }
    const bool relayed = std::any_of(t.steps.begin(), t.steps.end(), [](const auto &s) {
        return s.from == Lane::LeaseDesk && s.relayed;
    });
    out << (relayed ? QStringLiteral("Maybe the OFFER did not reach it: check that the relay "
                                     "agent forwards replies back to the client's network.")
                    : QStringLiteral("Maybe the OFFER did not reach it: some clients hear only "
                                     "broadcast replies (the broadcast flag), or a firewall "
                                     "drops them."))
        << QStringLiteral("Or another DHCP server answered first (none seen: run the rogue "
                          "server check).");
    return out;
}

QStringList nakLines(const Transaction &t)
{
    const QString why = stripped(t.outcomeText, QStringLiteral("NAK because "));
    return {QStringLiteral("LeaseDesk refused its REQUEST at %1 (NAK): %2.")
                .arg(momentText(t.lastMs), why),
            nakAdvice(why)};
}

QStringList conflictLines(const Transaction &t)
{
    const bool declined = std::any_of(t.steps.begin(), t.steps.end(), [](const auto &s) {
        return fromClient(s) && isType(s.messageType, MessageType::Decline);
    });
    if (declined)
        return {QStringLiteral("It declined %1 at %2: another machine is using that address.")
                    .arg(addressText(t.address), momentText(t.lastMs)),
                QStringLiteral("Find that machine in the Conflicts tab; LeaseDesk keeps %1 out "
                               "of use and offers another address.")
                    .arg(addressText(t.address))};
    return {QStringLiteral("Addresses meant for it were in use by other machines at %1: %2.")
                .arg(momentText(t.lastMs), stripped(t.outcomeText, QStringLiteral("conflict: "))),
            QStringLiteral("See the Conflicts tab: machines use pool addresses without a lease.")};
}

QStringList pendingLines(const Transaction &t)
{
    if (std::none_of(t.steps.begin(), t.steps.end(), fromClient))
        return {QStringLiteral("Only another DHCP server, %1, was seen answering it (at %2); "
                               "LeaseDesk received nothing from it in that exchange.")
                    .arg(addressText(t.otherServer), momentText(t.lastMs)),
                QStringLiteral("Check that its packets reach this machine (VLAN, relay, "
                               "firewall).")};
    return {QStringLiteral("LeaseDesk is still answering it: %1.").arg(t.outcomeText)};
}

QStringList latestLines(const Transaction &t, const QList<Transaction> &all, const Lease *lease)
{
    const QString when = momentText(t.lastMs);
    switch (t.outcome) {
    case Outcome::Bound: return boundLines(t, lease);
    case Outcome::Ignored: return ignoredLines(t, all);
    case Outcome::Offered: return offeredLines(t, all);
    case Outcome::Nak: return nakLines(t);
    case Outcome::Conflict: return conflictLines(t);
    case Outcome::Pending: return pendingLines(t);
    case Outcome::OtherServer:
        return {QStringLiteral("It took the offer of another DHCP server, %1, at %2.")
                    .arg(addressText(t.otherServer), when),
                QStringLiteral("Switch that server off or keep it off this network if LeaseDesk "
                               "should serve it.")};
    case Outcome::Released:
        return {QStringLiteral("It gave %1 back (RELEASE) at %2: it holds no address from "
                               "LeaseDesk now.")
                    .arg(addressText(t.address), when)};
    case Outcome::Informed:
        return {QStringLiteral("It has a configured address, %1, and only asked for settings "
                               "(INFORM) at %2; LeaseDesk answered.")
                    .arg(addressText(t.address), when)};
    case Outcome::Failed:
        return {QStringLiteral("LeaseDesk's reply could not be sent at %1: %2.")
                    .arg(when, stripped(t.outcomeText, QStringLiteral("not sent: "))),
                QStringLiteral("Check that the interface is up and that LeaseDesk has its "
                               "network rights (see the server status).")};
    }
    return {};
}

// What the earlier exchanges and the lease table add to the latest one.
QStringList historyLines(const QList<Transaction> &all, const Lease *lease)
{
    const Transaction &last = all.constLast();
    QStringList out;
    if (last.outcome != Outcome::Bound) {
        for (auto it = all.crbegin() + 1; it < all.crend(); ++it)
            if (it->outcome == Outcome::Bound) {
                out << QStringLiteral("Earlier, at %1, it was bound to %2.")
                           .arg(momentText(it->lastMs), addressText(it->address));
                break;
            }
        if (lease)
            out << leaseSentence(*lease);
    }
    if (all.size() > 1)
        out << QStringLiteral("%1 exchanges seen from %2 to %3.")
                   .arg(all.size())
                   .arg(momentText(all.constFirst().firstMs), momentText(last.lastMs));
    return out;
}

} // namespace

QString momentText(qint64 msSinceEpoch)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    return when.date() == QDate::currentDate() ? when.toString(QStringLiteral("HH:mm:ss"))
                                               : when.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

std::optional<QByteArray> parseTypedMac(const QString &text)
{
    // Every group whole bytes: "2:0:0:0:0:1" (zeros left out) is not guessed at.
    static const QRegularExpression separators(QStringLiteral("[\\s:.\\-]+"));
    static const QRegularExpression bytes(QStringLiteral("^([0-9a-fA-F]{2})+$"));
    QString digits;
    for (const QString &group : text.split(separators, Qt::SkipEmptyParts)) {
        if (!bytes.match(group).hasMatch())
            return std::nullopt;
        digits += group;
    }
    if (digits.isEmpty() || digits.size() > 32)
        return std::nullopt;
    return QByteArray::fromHex(digits.toLatin1());
}

QStringList explainClient(const QByteArray &mac, const QList<Transaction> &transactions,
                          const QList<Lease> &leases)
{
    const Lease *lease = boundLease(leases);
    if (transactions.isEmpty())
        return nothingReceived(mac, lease);
    QStringList out = latestLines(transactions.constLast(), transactions, lease);
    out << historyLines(transactions, lease);
    return out;
}

} // namespace leasedesk
