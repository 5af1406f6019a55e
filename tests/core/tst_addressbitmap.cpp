// The free-address set behind allocation: lowest member across word and level boundaries.
#include "core/addressbitmap.h"

#include <QTest>

#include <random>
#include <set>

using namespace leasedesk;

class TestAddressBitmap : public QObject
{
    Q_OBJECT

private slots:
    void emptyHasNoLowest()
    {
        AddressBitmap b;
        b.reset(1000, 5000);
        QVERIFY(!b.lowest());
    }

    void lowestAcrossLevels()
    {
        AddressBitmap b;
        b.reset(0xC6120000u, 0xC612FFFFu); // a /16
        b.insert(0xC612FFFFu); // the very last address: third level word 0, far bits
        QCOMPARE(b.lowest(), std::optional<quint32>(0xC612FFFFu));
        b.insert(0xC6121000u);
        QCOMPARE(b.lowest(), std::optional<quint32>(0xC6121000u));
        b.remove(0xC6121000u);
        QCOMPARE(b.lowest(), std::optional<quint32>(0xC612FFFFu));
        b.remove(0xC612FFFFu);
        QVERIFY(!b.lowest());
        b.insert(0xC6130000u); // outside the window: ignored
        QVERIFY(!b.lowest());
    }

    void matchesAReferenceSet()
    {
        // Random inserts and removes over a window larger than 64 × 64 × 64 addresses.
        AddressBitmap b;
        const quint32 first = 0x0A000000u, last = first + 300'000;
        b.reset(first, last);
        std::set<quint32> ref;
        std::mt19937 rng(42);
        std::uniform_int_distribution<quint32> pick(first, last);
        for (int i = 0; i < 20000; ++i) {
            const quint32 a = pick(rng);
            if (rng() % 3) {
                b.insert(a);
                ref.insert(a);
            } else {
                b.remove(a);
                ref.erase(a);
            }
            if (i % 97 == 0) {
                const auto expected =
                    ref.empty() ? std::nullopt : std::optional<quint32>(*ref.begin());
                QCOMPARE(b.lowest(), expected);
            }
        }
        for (quint32 a : ref)
            QVERIFY(b.contains(a));
    }

    void insertRange()
    {
        AddressBitmap b;
        b.reset(100, 10000);
        b.insertRange(5000, 5100);
        QCOMPARE(b.lowest(), std::optional<quint32>(5000));
        QVERIFY(b.contains(5100));
        QVERIFY(!b.contains(5101));
    }
};

QTEST_APPLESS_MAIN(TestAddressBitmap)
#include "tst_addressbitmap.moc"
