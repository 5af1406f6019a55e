// describeWire: the packet inspector's lines, each with the bytes it comes from, so the hex
// dump highlights the right octets (issue 7). Header spans follow RFC 2131 §2 figure 1;
// options cover code, length and value.
#include "proto/dhcpcodec.h"
#include "proto/messagedescription.h"
#include "testpackets.h"

#include <QTest>

using namespace leasedesk::proto;
using Packet = std::vector<std::uint8_t>;

namespace {

const LocatedField *find(const std::vector<LocatedField> &fields, std::string_view name)
{
    for (const LocatedField &f : fields) {
        if (f.field.name == name)
            return &f;
    }
    return nullptr;
}

const LocatedField *findCode(const std::vector<LocatedField> &fields, int code)
{
    for (const LocatedField &f : fields) {
        if (f.field.code == code)
            return &f;
    }
    return nullptr;
}

int countCode(const std::vector<LocatedField> &fields, int code)
{
    return int(std::count_if(fields.begin(), fields.end(),
                             [code](const LocatedField &f) { return f.field.code == code; }));
}

} // namespace

class TestDescribeWire : public QObject
{
    Q_OBJECT

private slots:
    void headerFieldsCoverTheirFixedBytes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("value");
        QTest::newRow("op") << "op" << 0 << 1 << "BOOTREQUEST (1)";
        QTest::newRow("htype / hlen") << "htype / hlen" << 1 << 2 << "1 / 6";
        QTest::newRow("xid") << "xid" << 4 << 4 << "0x12345678";
        QTest::newRow("flags") << "flags" << 10 << 2 << "0x0000 (unicast)";
        QTest::newRow("giaddr") << "giaddr" << 24 << 4 << "0.0.0.0";
        QTest::newRow("chaddr") << "chaddr" << 28 << 16 << "02:00:00:00:00:01";
        QTest::newRow("cookie") << "magic cookie" << 236 << 4 << "63 82 53 63";
    }
    void headerFieldsCoverTheirFixedBytes()
    {
        QFETCH(QString, name);
        QFETCH(int, offset);
        QFETCH(int, length);
        QFETCH(QString, value);
        std::string error = "not cleared";
        const auto fields = describeWire(testpackets::discover(), &error);
        QCOMPARE(error, std::string());
        const LocatedField *f = find(fields, name.toStdString());
        QVERIFY2(f, qPrintable(name));
        QCOMPARE(f->offset, std::size_t(offset));
        QCOMPARE(f->length, std::size_t(length));
        QCOMPARE(QString::fromStdString(f->field.value), value);
    }

    void snameIsLocatedWhenItHoldsAName()
    {
        DhcpMessage m;
        m.xid = 7;
        m.setOption(OptionCode::MessageType, {1});
        QVERIFY(m.setServerName("boot.lab.test"));
        const EncodeResult encoded = DhcpCodec::serialize(m);
        QVERIFY(encoded);
        const auto fields = describeWire(encoded.bytes, nullptr);
        const LocatedField *sname = find(fields, "sname");
        QVERIFY(sname);
        QCOMPARE(sname->offset, std::size_t(44));
        QCOMPARE(sname->length, std::size_t(64));
        QCOMPARE(sname->field.value, std::string("boot.lab.test"));
        QVERIFY(!find(fields, "file")); // empty, as describeMessage leaves it out
    }

    void firstOptionStartsAfterTheCookie()
    {
        const auto fields = describeWire(testpackets::discover(), nullptr);
        const LocatedField *type = findCode(fields, OptionCode::MessageType);
        QVERIFY(type);
        QCOMPARE(type->offset, std::size_t(240));
        QCOMPARE(type->length, std::size_t(3));
        QCOMPARE(type->field.value, std::string("DISCOVER (1)"));
        // Same lines, in the same order, as describeMessage gives (plus the cookie).
        const auto described = describeMessage(*DhcpCodec::parse(testpackets::discover()).message);
        QCOMPARE(fields.size(), described.size() + 1);
        QCOMPARE(fields.back().field.name, described.back().name);
    }

    void optionAfterPadsStartsAtItsCode()
    {
        const Packet p = testpackets::request({53, 1, 3, 0, 0, 0, 61, 7, 1, 2, 0, 0, 0, 0, 9, 255});
        const auto fields = describeWire(p, nullptr);
        const LocatedField *id = findCode(fields, OptionCode::ClientIdentifier);
        QVERIFY(id);
        QCOMPARE(id->offset, std::size_t(246));
        QCOMPARE(id->length, std::size_t(9));
        QCOMPARE(p[id->offset], std::uint8_t(61));
        QVERIFY(!findCode(fields, OptionCode::Pad));
        QVERIFY(!findCode(fields, OptionCode::End));
    }

    void splitOptionPointsAtItsFirstPart()
    {
        // RFC 3396: two instances of option 12 are one host name, "node1".
        const Packet p =
            testpackets::request({53, 1, 1, 12, 2, 'n', 'o', 12, 3, 'd', 'e', '1', 255});
        const auto fields = describeWire(p, nullptr);
        QCOMPARE(countCode(fields, OptionCode::HostName), 1);
        const LocatedField *host = findCode(fields, OptionCode::HostName);
        QCOMPARE(host->offset, std::size_t(243));
        QCOMPARE(host->length, std::size_t(4));
        QVERIFY(QString::fromStdString(host->field.value).contains(QLatin1String("node1")));
    }

    void overloadedOptionsAreFoundInFile()
    {
        Packet p = testpackets::request({53, 1, 1, 52, 1, 1, 255});
        const std::uint8_t inFile[] = {0, 15, 3, 'l', 'a', 'b', 255};
        std::copy(std::begin(inFile), std::end(inFile), p.begin() + DhcpMessage::FileOffset);
        std::string error;
        const auto fields = describeWire(p, &error);
        QCOMPARE(error, std::string());
        const LocatedField *domain = findCode(fields, OptionCode::DomainName);
        QVERIFY(domain);
        QCOMPARE(domain->offset, DhcpMessage::FileOffset + 1);
        QCOMPARE(domain->length, std::size_t(5));
        // Option 52 is consumed by the codec, yet its three octets are there to highlight.
        const LocatedField *overload = findCode(fields, OptionCode::Overload);
        QVERIFY(overload);
        QCOMPARE(overload->offset, std::size_t(243));
        QCOMPARE(overload->length, std::size_t(3));
        QVERIFY(!find(fields, "file"));
    }

    void truncatedHeaderKeepsTheFieldsThatFit()
    {
        Packet p = testpackets::discover();
        p.resize(30);
        std::string error;
        const auto fields = describeWire(p, &error);
        QVERIFY(!error.empty());
        QVERIFY2(error.find("30") != std::string::npos, error.c_str());
        const LocatedField *xid = find(fields, "xid");
        QVERIFY(xid);
        QCOMPARE(xid->field.value, std::string("0x12345678"));
        QVERIFY(find(fields, "giaddr")); // 24..27 are there
        QVERIFY(!find(fields, "chaddr")); // 28..43 are not
        QVERIFY(!find(fields, "magic cookie"));
        QVERIFY(!findCode(fields, OptionCode::MessageType));
        for (const LocatedField &f : fields)
            QVERIFY(f.offset + f.length <= p.size());
    }

    void badOptionKeepsHeaderAndTheOptionsBeforeIt()
    {
        // Option 61 claims 20 octets; two are there.
        const Packet p = testpackets::request({53, 1, 1, 61, 20, 1, 2});
        std::string error;
        const auto fields = describeWire(p, &error);
        QVERIFY2(error.find("243") != std::string::npos, error.c_str());
        QVERIFY(find(fields, "chaddr"));
        QVERIFY(find(fields, "magic cookie"));
        const LocatedField *type = findCode(fields, OptionCode::MessageType);
        QVERIFY(type);
        QCOMPARE(type->offset, std::size_t(240));
        QVERIFY(!findCode(fields, OptionCode::ClientIdentifier));
    }

    void unknownOpIsNotCalledAReply()
    {
        Packet p = testpackets::discover();
        p[0] = 7;
        std::string error;
        const auto fields = describeWire(p, &error);
        QVERIFY(!error.empty());
        const LocatedField *op = find(fields, "op");
        QVERIFY(op);
        QVERIFY2(op->field.value.find("BOOTREPLY (2)") == std::string::npos,
                 op->field.value.c_str());
        QVERIFY(op->field.value.starts_with("7"));
    }
};

QTEST_APPLESS_MAIN(TestDescribeWire)
#include "tst_describewire.moc"
