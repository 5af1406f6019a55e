#pragma once

#include "engine/packetevent.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace leasedesk {

class HexDumpView;

// The packet inspector's detail pane: what the engine saw or sent and decided (one summary),
// the message field by field, and its bytes. Selecting a field highlights its bytes; clicking
// a byte selects the field it belongs to. A malformed message still shows its bytes and the
// fields in front of the fault, with the codec's complaint.
class PacketDetailView : public QWidget
{
    Q_OBJECT
public:
    explicit PacketDetailView(QWidget *parent = nullptr);

    // "14:02:03.120 received on sim0 from 0.0.0.0:68" and so on, as the summary shows it.
    static QString eventHeadline(const PacketEvent &event);

    HexDumpView *hexDump() const { return m_hex; }
    QTreeWidget *fieldTree() const { return m_fields; }

public slots:
    void showPacket(const leasedesk::PacketEvent &event);
    // Only the message: what the packet decoder shows for bytes pasted by the admin.
    void showBytes(const QByteArray &bytes);
    void clear();
    // Only a sentence, no packet: the decoder's "Cannot read the hex: …".
    void showMessage(const QString &message);
    // Selects the narrowest field holding the byte; nothing when it belongs to none.
    void selectByte(qsizetype offset);

private:
    void fillFields(const QByteArray &bytes);
    void highlightItem(QTreeWidgetItem *item);

    QLabel *m_summary = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_fields = nullptr;
    HexDumpView *m_hex = nullptr;
};

} // namespace leasedesk
