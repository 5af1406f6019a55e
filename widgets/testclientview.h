#pragma once

#include "engine/packetevent.h"
#include "engine/testrequest.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace leasedesk {

// The console's test client: the admin describes one DISCOVER or REQUEST (MAC, client-id,
// vendor class, relay and option 82 parts…), the engine decides about it as about any client,
// and the answer is shown here: the rule that produced it and the reply's options. Answers
// the admin's "what would a PXE client behind that relay get?" without touching a machine.
class TestClientView : public QWidget
{
    Q_OBJECT
public:
    explicit TestClientView(QWidget *parent = nullptr);

    void setInterfaces(const QStringList &names);
    // The request the form describes (xid 0), or nothing and one sentence per wrong field,
    // each starting with the field's label.
    std::optional<TestRequest> formRequest(QStringList *problems) const;
    // The xid of the exchange whose answer is awaited or shown; 0 before the first send.
    quint32 currentXid() const { return m_xid; }
    // "02:…": locally administered (RFC 7042 §2.1), unicast, never a real vendor's.
    static QByteArray randomMac();
    // 6 bytes with ':', '-' or '.' separators or none ("02:00:00:00:00:01", "0200.0000.0001").
    static std::optional<QByteArray> parseMac(const QString &text);

signals:
    void testRequested(const leasedesk::TestRequest &request);

public slots:
    void send();
    void requestOfferedAddress();
    void randomizeMac();
    void takeEvents(const QList<leasedesk::PacketEvent> &events);

private:
    struct Offer
    {
        Ipv4Address address;
        Ipv4Address serverId;
    };

    QLineEdit *addLine(const QString &label, const QString &name, const QString &placeholder);
    void buildForm();
    void validate();
    void sendWithXid(quint32 xid);
    void showReceived(const PacketEvent &event);
    void showReply(const PacketEvent &event);
    bool isAwaited(const PacketEvent &event) const;

    QComboBox *m_type = nullptr;
    QComboBox *m_interface = nullptr;
    QLineEdit *m_mac = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_vendorClass = nullptr;
    QLineEdit *m_hostname = nullptr;
    QLineEdit *m_giaddr = nullptr;
    QLineEdit *m_circuitId = nullptr;
    QLineEdit *m_remoteId = nullptr;
    QLineEdit *m_requested = nullptr;
    QLineEdit *m_serverId = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_reply = nullptr;
    QTreeWidget *m_answer = nullptr;
    QPushButton *m_requestOffered = nullptr;
    QFormLayout *m_form = nullptr;

    quint32 m_xid = 0;
    TestRequest::Type m_sentType = TestRequest::Type::Discover;
    std::optional<Offer> m_offer;
};

} // namespace leasedesk
