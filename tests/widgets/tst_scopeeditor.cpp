// The scope editor as an admin uses it: a scope typed in from nothing, the validator's
// sentence under the field it names, undo and redo reaching the fields, unreadable text kept
// and never committed, Revert and Apply, the server settings form, and screenshots.
#include "widgets/configurationbar.h"
#include "widgets/configurationdocument.h"
#include "widgets/scopeeditor.h"
#include "widgets/serversettingseditor.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace leasedesk;

class TestScopeEditor : public QObject
{
    Q_OBJECT

private slots:
    void createScopeByTyping();
    void validationMessageUnderItsField();
    void rangeIssueUnderItsRow();
    void undoAndRedoReachTheFields();
    void parseErrorIsNotCommitted();
    void optionalTimesShowTheirDefault();
    void badMacPatternSaysWhy();
    void optionAndReservationIssuesHaveAPlace();
    void engineChangesPushNothing();
    void revertReturnsToApplied();
    void applyEmitsTheConfiguration();
    void serverSettingsFollowTheSameRules();
    void screenshots();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

Configuration labConfiguration()
{
    Configuration c;
    c.revision = 5;
    Scope s;
    s.name = QStringLiteral("lab");
    s.network = addr("198.18.0.0");
    s.prefixLength = 24;
    s.ranges = {{addr("198.18.0.100"), addr("198.18.0.199")}};
    s.exclusions = {{addr("198.18.0.150"), addr("198.18.0.159")}};
    s.router = addr("198.18.0.1");
    s.dns = {addr("198.18.0.1")};
    s.domain = QStringLiteral("lab.test");
    c.scopes = {s};
    return c;
}

template<typename T> T *child(QWidget *parent, const QString &name)
{
    T *w = parent->findChild<T *>(name);
    if (!w)
        qFatal("no child %s", qPrintable(name));
    return w;
}

// Types into a field as an admin does: new text, then Return (editingFinished).
void type(QWidget *parent, const QString &name, const QString &text)
{
    auto *edit = child<QLineEdit>(parent, name);
    edit->clear();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

QString message(QWidget *parent, const QString &name)
{
    auto *label = child<QLabel>(parent, name + QStringLiteral(".message"));
    return label->isVisibleTo(parent) ? label->text() : QString();
}

QString issueMessage(const ConfigurationDocument &doc, const QString &path)
{
    for (const ValidationIssue &issue : doc.issues())
        if (issue.path == path)
            return issue.message;
    return {};
}

} // namespace

void TestScopeEditor::createScopeByTyping()
{
    ConfigurationDocument doc;
    doc.addScope(Scope{});
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    editor.show();

    type(&editor, QStringLiteral("name"), QStringLiteral("lab"));
    type(&editor, QStringLiteral("subnet"), QStringLiteral("198.18.0.0/24"));
    QTest::mouseClick(child<QPushButton>(&editor, QStringLiteral("ranges.add")), Qt::LeftButton);
    type(&editor, QStringLiteral("ranges[0].start"), QStringLiteral("198.18.0.100"));
    QVERIFY(doc.configuration().scopes[0].ranges.isEmpty()); // half a range is not committed
    type(&editor, QStringLiteral("ranges[0].end"), QStringLiteral("198.18.0.199"));
    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.0.1"));
    type(&editor, QStringLiteral("dns"), QStringLiteral("198.18.0.1, 198.18.0.2"));

    const Scope &s = doc.configuration().scopes[0];
    QCOMPARE(s.name, QStringLiteral("lab"));
    QCOMPARE(s.network, addr("198.18.0.0"));
    QCOMPARE(s.prefixLength, 24);
    QCOMPARE(s.ranges, (QList<AddressRange>{{addr("198.18.0.100"), addr("198.18.0.199")}}));
    QCOMPARE(s.router, addr("198.18.0.1"));
    QCOMPARE(s.dns, (QList<Ipv4Address>{addr("198.18.0.1"), addr("198.18.0.2")}));
    QVERIFY2(doc.issues().isEmpty(), qPrintable(doc.issues().value(0).toString()));
    // One command per finished field, each named for the admin.
    QCOMPARE(doc.undoStack()->count(), 6);
    QCOMPARE(doc.undoStack()->text(1), QStringLiteral("Change name of scope 1"));
    QCOMPARE(doc.undoStack()->text(3), QStringLiteral("Add range in lab"));
    QCOMPARE(doc.undoStack()->text(4), QStringLiteral("Change router of lab"));
    QCOMPARE(message(&editor, QStringLiteral("router")), QString());
    QCOMPARE(message(&editor, QStringLiteral("other")), QString());
}

void TestScopeEditor::validationMessageUnderItsField()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    editor.show();

    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.5.1"));
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.5.1"));
    const QString sentence = issueMessage(doc, QStringLiteral("scopes[0].router"));
    QVERIFY(sentence.contains(QStringLiteral("outside the subnet")));
    QCOMPARE(message(&editor, QStringLiteral("router")), sentence);
    QCOMPARE(child<QLabel>(&editor, QStringLiteral("router.message"))->textFormat(), Qt::PlainText);
    QCOMPARE(message(&editor, QStringLiteral("dns")), QString()); // only under its own field

    // Fixing the subnet instead clears the router's message too: every field follows.
    type(&editor, QStringLiteral("subnet"), QStringLiteral("198.18.0.0/21"));
    QCOMPARE(message(&editor, QStringLiteral("router")), QString());

    // A lease that is too short is the spin box's message.
    child<QSpinBox>(&editor, QStringLiteral("lease_time"))->setValue(30);
    QCOMPARE(message(&editor, QStringLiteral("lease_time")),
             issueMessage(doc, QStringLiteral("scopes[0].lease_time")));
    QVERIFY(!message(&editor, QStringLiteral("lease_time")).isEmpty());
}

void TestScopeEditor::rangeIssueUnderItsRow()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    editor.show();

    type(&editor, QStringLiteral("ranges[0].end"), QStringLiteral("198.18.1.20"));
    QCOMPARE(doc.configuration().scopes[0].ranges[0].end, addr("198.18.1.20"));
    const QString sentence = issueMessage(doc, QStringLiteral("scopes[0].ranges[0].end"));
    QVERIFY(!sentence.isEmpty());
    QCOMPARE(message(&editor, QStringLiteral("ranges[0]")), sentence);
    // The exclusion still lies inside the range: nothing to say there.
    QCOMPARE(message(&editor, QStringLiteral("exclusions[0]")), QString());

    // Removing the only range leaves the scope giving out nothing: the list says so.
    QTest::mouseClick(child<QPushButton>(&editor, QStringLiteral("ranges[0].remove")),
                      Qt::LeftButton);
    QVERIFY(doc.configuration().scopes[0].ranges.isEmpty());
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Remove range in lab"));
    QVERIFY(message(&editor, QStringLiteral("ranges")).contains(QStringLiteral("gives out")));
    QVERIFY(!message(&editor, QStringLiteral("exclusions[0]")).isEmpty());
    doc.undoStack()->undo();
    QCOMPARE(child<QLineEdit>(&editor, QStringLiteral("ranges[0].end"))->text(),
             QStringLiteral("198.18.1.20"));
}

void TestScopeEditor::undoAndRedoReachTheFields()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    auto *router = child<QLineEdit>(&editor, QStringLiteral("router"));
    QCOMPARE(router->text(), QStringLiteral("198.18.0.1"));

    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.0.254"));
    child<QSpinBox>(&editor, QStringLiteral("lease_time"))->setValue(7200);
    QCOMPARE(doc.undoStack()->count(), 2);
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Change lease time of lab"));

    doc.undoStack()->undo();
    QCOMPARE(child<QSpinBox>(&editor, QStringLiteral("lease_time"))->value(), 3600);
    doc.undoStack()->undo();
    QCOMPARE(router->text(), QStringLiteral("198.18.0.1"));
    doc.undoStack()->redo();
    QCOMPARE(router->text(), QStringLiteral("198.18.0.254"));
    doc.undoStack()->redo();
    QCOMPARE(child<QSpinBox>(&editor, QStringLiteral("lease_time"))->value(), 7200);
    // Showing the document's values pushed nothing back.
    QCOMPARE(doc.undoStack()->count(), 2);
    QCOMPARE(doc.undoStack()->index(), 2);
}

void TestScopeEditor::parseErrorIsNotCommitted()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    editor.show();

    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.0.300"));
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.0.1"));
    QCOMPARE(doc.undoStack()->count(), 0);
    QCOMPARE(message(&editor, QStringLiteral("router")),
             QStringLiteral("\"198.18.0.300\" is not an IPv4 address such as 198.18.0.1."));
    auto *router = child<QLineEdit>(&editor, QStringLiteral("router"));
    QCOMPARE(router->text(), QStringLiteral("198.18.0.300"));

    // Another field's edit keeps the typed text and its message.
    type(&editor, QStringLiteral("domain"), QStringLiteral("example.test"));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(router->text(), QStringLiteral("198.18.0.300"));
    QVERIFY(!message(&editor, QStringLiteral("router")).isEmpty());

    // Unreadable text in a range row blocks the list, so no range is lost.
    type(&editor, QStringLiteral("ranges[0].start"), QStringLiteral("198.18.0"));
    QCOMPARE(doc.configuration().scopes[0].ranges.size(), 1);
    QVERIFY(message(&editor, QStringLiteral("ranges[0]")).contains(QStringLiteral("198.18.0")));

    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.0.2"));
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.0.2"));
    QCOMPARE(message(&editor, QStringLiteral("router")), QString());
}

void TestScopeEditor::optionalTimesShowTheirDefault()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    auto *t1 = child<QLineEdit>(&editor, QStringLiteral("renewal_time"));
    QCOMPARE(t1->text(), QString());
    QVERIFY(t1->placeholderText().contains(QStringLiteral("1800 s")));

    type(&editor, QStringLiteral("renewal_time"), QStringLiteral("600"));
    QCOMPARE(doc.configuration().scopes[0].renewalTime, std::optional<quint32>(600));
    type(&editor, QStringLiteral("renewal_time"), QString());
    QCOMPARE(doc.configuration().scopes[0].renewalTime, std::nullopt);
    type(&editor, QStringLiteral("rebinding_time"), QStringLiteral("soon"));
    QVERIFY(message(&editor, QStringLiteral("rebinding_time")).contains(QStringLiteral("soon")));
    QCOMPARE(doc.configuration().scopes[0].rebindingTime, std::nullopt);
    // The default follows the lease time.
    child<QSpinBox>(&editor, QStringLiteral("lease_time"))->setValue(7200);
    QVERIFY(t1->placeholderText().contains(QStringLiteral("3600 s")));
}

void TestScopeEditor::badMacPatternSaysWhy()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    editor.show();
    type(&editor, QStringLiteral("mac_allow"), QStringLiteral("02:00:00:*, zz:00"));
    QString why;
    QVERIFY(!MacPattern::isValid(QStringLiteral("zz:00"), &why));
    QCOMPARE(message(&editor, QStringLiteral("mac_allow")), why);
    QVERIFY(doc.configuration().scopes[0].macAllow.isEmpty());
    type(&editor, QStringLiteral("mac_allow"), QStringLiteral("02:00:00:*, 02:00:5e:0?:??:??"));
    QCOMPARE(doc.configuration().scopes[0].macAllow,
             (QStringList{QStringLiteral("02:00:00:*"), QStringLiteral("02:00:5e:0?:??:??")}));
    QCOMPARE(message(&editor, QStringLiteral("mac_allow")), QString());
}

void TestScopeEditor::optionAndReservationIssuesHaveAPlace()
{
    Configuration c = labConfiguration();
    c.scopes[0].options = {{3, QStringLiteral("198.18.0.1")}};
    Reservation r;
    r.ip = addr("198.18.0.50");
    c.scopes[0].reservations = {r};
    ConfigurationDocument doc;
    doc.setApplied(c);
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    QCOMPARE(message(&editor, QStringLiteral("options")),
             issueMessage(doc, QStringLiteral("scopes[0].options")));
    QVERIFY(message(&editor, QStringLiteral("options")).contains(QStringLiteral("Router")));
    // A reservation's issue has no field here: it is said on top, with its path.
    QCOMPARE(message(&editor, QStringLiteral("other")),
             QStringLiteral("reservations[0]: ")
                 + issueMessage(doc, QStringLiteral("scopes[0].reservations[0]")));
}

void TestScopeEditor::engineChangesPushNothing()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    editor.setScopeIndex(0);
    Configuration engine = labConfiguration();
    engine.revision = 6;
    engine.scopes[0].router = addr("198.18.0.9");
    engine.scopes[0].enabled = false;
    engine.scopes[0].offerDelayMs = 200;
    engine.scopes[0].ranges.append({addr("198.18.0.210"), addr("198.18.0.220")});
    doc.setApplied(engine);
    QCOMPARE(child<QLineEdit>(&editor, QStringLiteral("router"))->text(),
             QStringLiteral("198.18.0.9"));
    QCOMPARE(child<QLineEdit>(&editor, QStringLiteral("ranges[1].start"))->text(),
             QStringLiteral("198.18.0.210"));
    QCOMPARE(child<QSpinBox>(&editor, QStringLiteral("offer_delay_ms"))->value(), 200);
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.configuration(), engine);

    // No scope: an empty, disabled form that commits nothing.
    editor.setScopeIndex(3);
    QCOMPARE(child<QLineEdit>(&editor, QStringLiteral("router"))->text(), QString());
    QVERIFY(!child<QLineEdit>(&editor, QStringLiteral("router"))->isEnabledTo(&editor));
}

void TestScopeEditor::revertReturnsToApplied()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *editor = new ScopeEditor(&doc);
    auto *bar = new ConfigurationBar(&doc);
    layout->addWidget(editor);
    layout->addWidget(bar);
    editor->setScopeIndex(0);
    window.show();
    auto *revert = child<QPushButton>(bar, QStringLiteral("revert"));
    QVERIFY(!revert->isEnabled());
    QCOMPARE(bar->changesText(), QStringLiteral("No unapplied changes"));

    type(editor, QStringLiteral("router"), QStringLiteral("198.18.0.254"));
    type(editor, QStringLiteral("domain"), QStringLiteral("other.test"));
    QVERIFY(revert->isEnabled());
    QCOMPARE(bar->changesText(), QStringLiteral("1 unapplied change (scope lab)"));

    QTest::mouseClick(revert, Qt::LeftButton);
    QCOMPARE(doc.configuration(), doc.applied());
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("router"))->text(),
             QStringLiteral("198.18.0.1"));
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("domain"))->text(),
             QStringLiteral("lab.test"));
    QVERIFY(!revert->isEnabled());
    QVERIFY(!child<QPushButton>(bar, QStringLiteral("apply"))->isEnabled());
    // Revert itself is one undoable command.
    doc.undoStack()->undo();
    QCOMPARE(child<QLineEdit>(editor, QStringLiteral("domain"))->text(),
             QStringLiteral("other.test"));
}

void TestScopeEditor::applyEmitsTheConfiguration()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ScopeEditor editor(&doc);
    ConfigurationBar bar(&doc);
    editor.setScopeIndex(0);
    QSignalSpy apply(&bar, &ConfigurationBar::applyRequested);
    auto *button = child<QPushButton>(&bar, QStringLiteral("apply"));
    QVERIFY(!button->isEnabled());

    type(&editor, QStringLiteral("router"), QStringLiteral("198.19.0.1"));
    QVERIFY(!button->isEnabled()); // an error: nothing to apply
    QVERIFY(child<QLabel>(&bar, QStringLiteral("problems"))
                ->text()
                .contains(QStringLiteral("1 error")));

    type(&editor, QStringLiteral("router"), QStringLiteral("198.18.0.2"));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(apply.size(), 1);
    const auto sent = apply.at(0).at(0).value<Configuration>();
    QCOMPARE(sent, doc.configuration());
    QCOMPARE(sent.scopes[0].router, addr("198.18.0.2"));
}

void TestScopeEditor::serverSettingsFollowTheSameRules()
{
    ConfigurationDocument doc;
    doc.setApplied(labConfiguration());
    ServerSettingsEditor editor(&doc);
    editor.show();

    auto *hold = child<QSpinBox>(&editor, QStringLiteral("offer_hold_s"));
    hold->setValue(0);
    QCOMPARE(doc.configuration().server.offerHoldS, 0u);
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Change offer hold"));
    QVERIFY(!message(&editor, QStringLiteral("offer_hold_s")).isEmpty());

    type(&editor, QStringLiteral("rogue_detection.allowed"), QStringLiteral("198.18.0.9, nope"));
    QCOMPARE(message(&editor, QStringLiteral("rogue_detection.allowed")),
             QStringLiteral("\"nope\" is neither an IPv4 address nor a MAC address."));
    QVERIFY(doc.configuration().server.rogueDetection.allowed.isEmpty());
    type(&editor, QStringLiteral("rogue_detection.allowed"),
         QStringLiteral("198.18.0.9, 02:00:00:00:00:09"));
    QCOMPARE(doc.configuration().server.rogueDetection.allowed.size(), 2);

    child<QSpinBox>(&editor, QStringLiteral("rogue_detection.interval_s"))->setValue(10);
    QCOMPARE(message(&editor, QStringLiteral("rogue_detection.interval_s")),
             issueMessage(doc, QStringLiteral("server.rogue_detection.interval_s")));

    doc.undoStack()->undo();
    doc.undoStack()->undo();
    doc.undoStack()->undo();
    QCOMPARE(hold->value(), 60);
    QCOMPARE(message(&editor, QStringLiteral("offer_hold_s")), QString());
    QCOMPARE(doc.undoStack()->count(), 3);
}

void TestScopeEditor::screenshots()
{
    Configuration c = labConfiguration();
    Scope &s = c.scopes[0];
    s.ranges.append({addr("198.18.0.200"), addr("198.18.0.240")});
    s.bootFiles.fallback = QStringLiteral("pxelinux.0");
    s.bootFiles.uefiX64 = QStringLiteral("grubx64.efi");
    s.nextServer = addr("198.18.0.5");
    s.options = {{42, QStringLiteral("198.18.0.1")}};
    ConfigurationDocument doc;
    doc.setApplied(c);
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *editor = new ScopeEditor(&doc);
    auto *bar = new ConfigurationBar(&doc);
    layout->addWidget(editor, 1);
    layout->addWidget(bar);
    editor->setScopeIndex(0);
    window.resize(1100, 700);
    window.show();
    // An admin mid-way: one edit with an error, one unreadable field.
    type(editor, QStringLiteral("router"), QStringLiteral("198.18.3.1"));
    type(editor, QStringLiteral("dns"), QStringLiteral("198.18.0.1, 198.18.0"));
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QString dir = QCoreApplication::applicationDirPath();
    QVERIFY(window.grab().save(dir + QStringLiteral("/scopeeditor.png")));
    // The whole form, as it scrolls.
    QWidget *content = editor->findChild<QScrollArea *>()->widget();
    QVERIFY(content->grab().save(dir + QStringLiteral("/scopeeditor-full.png")));

    ServerSettingsEditor server(&doc);
    server.resize(1100, 700);
    server.show();
    child<QSpinBox>(&server, QStringLiteral("offer_hold_s"))->setValue(0);
    QVERIFY(QTest::qWaitForWindowExposed(&server));
    QVERIFY(server.grab().save(dir + QStringLiteral("/serversettingseditor.png")));
}

QTEST_MAIN(TestScopeEditor)
#include "tst_scopeeditor.moc"
