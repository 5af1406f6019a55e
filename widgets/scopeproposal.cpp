#include "widgets/scopeproposal.h"
#include "core/packetio.h"

#include "core/configurationvalidator.h"

#include <QCoreApplication>

#include <algorithm>

namespace leasedesk {

namespace {

// Wider subnets than this are not proposed whole (see proposedSubnet).
constexpr int WidestProposedPrefix = 16;
// The block a range is placed in is at most a /24: a hundred addresses serve a bench.
constexpr int RangeBlockPrefix = 24;

QString tr(const char *text)
{
    return QCoreApplication::translate("ScopeProposal", text);
}

quint32 maskOf(int prefix)
{
    return prefix <= 0 ? 0 : quint32(0xffffffffu << (32 - std::min(prefix, 32)));
}

QString subnetText(const Scope &s)
{
    return addressText(s.network) + QLatin1Char('/') + QString::number(s.prefixLength);
}

// Why nothing can be proposed for this interface, or empty when something can.
QString refusalFor(const NetworkInterfaceInfo &iface)
{
    if (iface.loopback)
        return tr("%1 is the loopback interface: no other machine can reach it.").arg(iface.name);
    if (iface.address.isZero())
        return tr("%1 has no IPv4 address. Give it one, for example with "
                  "\"sudo ip address add 192.168.50.1/24 dev %1\", and choose it again.")
            .arg(iface.name);
    if (iface.prefixLength == 31)
        return tr("%1 is on a /31, a point-to-point link (RFC 3021): its two addresses "
                  "are this machine and its peer, so none is left to lease.")
            .arg(iface.name);
    if (iface.prefixLength >= 32 || iface.prefixLength < 0)
        return tr("%1 has a /%2 address, which holds only this machine: there is no "
                  "subnet to lease from.")
            .arg(iface.name)
            .arg(iface.prefixLength);
    return {};
}

// The interface's own subnet, except that a /8 or anything wider than /16 becomes the /24
// around the address. Such a prefix is usually a corporate or VPN 10.0.0.0/8 or a hastily
// typed "10.0.0.1/8"; handing it out would tell every client that all 16 million addresses
// are on the link (so they ARP for them instead of using the router), while a bench needs a
// few dozen. The /24 still holds the interface, so the machine stays reachable, and the
// validator refuses anything wider than /8 anyway.
void proposeSubnet(const NetworkInterfaceInfo &iface, Scope &scope, QString &note)
{
    scope.prefixLength = iface.prefixLength;
    if (iface.prefixLength < WidestProposedPrefix) {
        scope.prefixLength = RangeBlockPrefix;
        note += tr("%1 is on a /%2, far larger than a lab needs: LeaseDesk proposes the "
                   "/24 around its address. ")
                    .arg(iface.name)
                    .arg(iface.prefixLength);
    }
    scope.network = Ipv4Address(iface.address.toUint32() & maskOf(scope.prefixLength));
}

// The range: like the classic .100-.199 of a /24, which leaves the low addresses for routers,
// switches and printers with static addresses. Subnets wider than a /24 get it in the /24
// that holds the interface (never .0 or .255, which some old stacks mishandle); smaller
// subnets get the same proportion (a /26 at .0 gets .25-.49, a /30 its two hosts).
AddressRange defaultRange(const Scope &scope, Ipv4Address self, quint32 &first, quint32 &last)
{
    const int blockPrefix = std::max(scope.prefixLength, RangeBlockPrefix);
    const quint64 size = quint64(1) << (32 - blockPrefix);
    const quint32 block = self.toUint32() & maskOf(blockPrefix);
    first = block + 1;
    last = quint32(block + size - 2);
    return {Ipv4Address(quint32(block + size * 100 / 256)),
            Ipv4Address(quint32(block + size * 200 / 256 - 1))};
}

// The server must never lease its own interface's address. When it falls inside the range,
// the range moves just past it (or just before it), keeping its length; when neither side
// has room, it takes the larger side.
AddressRange avoiding(AddressRange r, quint32 self, quint32 first, quint32 last)
{
    if (!r.contains(Ipv4Address(self)))
        return r;
    const quint64 length = r.end.toUint32() - r.start.toUint32();
    if (quint64(self) + 1 + length <= last)
        return {Ipv4Address(self + 1), Ipv4Address(quint32(self + 1 + length))};
    if (quint64(self) >= quint64(first) + 1 + length)
        return {Ipv4Address(quint32(self - 1 - length)), Ipv4Address(self - 1)};
    if (last - self >= self - first)
        return {Ipv4Address(self + 1), Ipv4Address(last)};
    return {Ipv4Address(first), Ipv4Address(self - 1)};
}

const Scope *overlapping(const Scope &scope, const QList<Scope> &existing)
{
    for (const Scope &other : existing) {
        const quint32 mask = maskOf(std::min(scope.prefixLength, other.prefixLength));
        if ((scope.network.toUint32() & mask) == (other.network.toUint32() & mask))
            return &other;
    }
    return nullptr;
}

// A last check with the validator itself, so that a rule added there later cannot make the
// dialog open with a proposal it then refuses. Only the new scope's errors count: the
// existing ones are not this proposal's business.
QString firstError(const Scope &scope, const QList<Scope> &existing)
{
    Configuration config;
    config.scopes = existing;
    config.scopes.append(scope);
    const QString prefix = QStringLiteral("scopes[%1]").arg(existing.size());
    for (const ValidationIssue &issue : ConfigurationValidator::validate(config))
        if (issue.isError() && issue.path.startsWith(prefix))
            return issue.message;
    return {};
}

} // namespace

QString ScopeProposal::uniqueName(const QString &base, const QList<Scope> &existing)
{
    const QString stem = base.trimmed().isEmpty() ? QStringLiteral("lab") : base.trimmed();
    const auto taken = [&](const QString &name) {
        return std::any_of(existing.begin(), existing.end(),
                           [&](const Scope &s) { return s.name == name; });
    };
    QString name = stem;
    for (int n = 2; taken(name); ++n)
        name = stem + QLatin1Char('-') + QString::number(n);
    return name;
}

ScopeProposal ScopeProposal::propose(const NetworkInterfaceInfo &iface,
                                     const QList<Scope> &existing)
{
    ScopeProposal p;
    p.refusal = refusalFor(iface);
    if (!p.isValid())
        return p;
    Scope &s = p.scope;
    s.name = uniqueName(iface.name, existing);
    proposeSubnet(iface, s, p.note);
    if (const Scope *other = overlapping(s, existing)) {
        p.refusal = tr("The scope \"%1\" (%2) already covers the network of %3.")
                        .arg(other->name, subnetText(*other), iface.name);
        return p;
    }
    quint32 first = 0;
    quint32 last = 0;
    const AddressRange wanted = defaultRange(s, iface.address, first, last);
    const AddressRange range = avoiding(wanted, iface.address.toUint32(), first, last);
    if (!(range == wanted))
        p.note += tr("The range avoids %1, the address of %2, so it is never leased. ")
                      .arg(addressText(iface.address), iface.name);
    s.ranges = {range};
    // In the typical bench this machine is the lab's only way out (it routes or NATs), so it
    // is the gateway; the dialog says it may be changed when the lab has its own router.
    s.router = iface.address;
    // No DNS. dnsmasq hands out its own address because it runs a resolver; LeaseDesk runs
    // none, so its address would send every name lookup to a port nobody answers, and clients
    // would stall on timeouts. Nor is the router a better guess: it is this same machine.
    // An isolated bench needs no names; a lab that does knows its resolver and types it in.
    s.leaseTime = DefaultLeaseTime;
    p.note = p.note.trimmed();
    if (const QString error = firstError(s, existing); !error.isEmpty())
        p.refusal = tr("No valid scope could be proposed for %1: %2").arg(iface.name, error);
    return p;
}

} // namespace leasedesk
