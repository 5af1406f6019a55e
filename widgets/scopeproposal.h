#pragma once

#include "core/configuration.h"
#include "engine/servingstate.h"

#include <QList>
#include <QString>

namespace leasedesk {

// A first scope guessed from the address of the interface the admin chose (issue 6), so a
// lab serves addresses within a minute. Pure: no network access, no widgets; the dialog
// shows the result for the admin to check and edit.
struct ScopeProposal
{
    Scope scope; // meaningful only when isValid()
    QString refusal; // non-empty: nothing could be proposed, and why, in plain words
    QString note; // non-empty: something the admin should know about the guess

    bool isValid() const { return refusal.isEmpty(); }

    // The proposal for `iface`, never overlapping or sharing a name with `existing`. A valid
    // proposal passes ConfigurationValidator without errors when added after `existing`.
    static ScopeProposal propose(const NetworkInterfaceInfo &iface, const QList<Scope> &existing);

    // `base` itself if no existing scope uses it, else "base-2", "base-3", …
    static QString uniqueName(const QString &base, const QList<Scope> &existing);

    static constexpr quint32 DefaultLeaseTime = 3600; // an hour: bench machines come and go
};

} // namespace leasedesk
