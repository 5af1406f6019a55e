// The configuration being edited: one undo command per edit and none for an edit that
// changes nothing, following the engine's configuration with and without pending edits,
// revert as an undoable command, and issues found by path prefix.
#include "widgets/configurationdocument.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace leasedesk;

class TestConfigurationDocument : public QObject
{
    Q_OBJECT

private slots:
    void pushUndoRedo();
    void noOpPushesNothing();
    void setAppliedWithoutEdits();
    void setAppliedKeepsPendingEdits();
    void setAppliedWithOurEditsClearsModified();
    void revertIsUndoable();
    void issuesForMatchesWholeSegments();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

Scope scope(const QString &name, int third)
{
    Scope s;
    s.name = name;
    s.network = Ipv4Address(198, 18, quint8(third), 0);
    s.prefixLength = 24;
    s.ranges = {
        {Ipv4Address(198, 18, quint8(third), 100), Ipv4Address(198, 18, quint8(third), 199)}};
    s.router = Ipv4Address(198, 18, quint8(third), 1);
    return s;
}

Configuration configuration()
{
    Configuration c;
    c.revision = 3;
    c.scopes = {scope(QStringLiteral("lab"), 0)};
    return c;
}

} // namespace

void TestConfigurationDocument::pushUndoRedo()
{
    ConfigurationDocument doc;
    QSignalSpy changed(&doc, &ConfigurationDocument::configurationChanged);
    doc.addScope(scope(QStringLiteral("lab"), 0));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Add scope lab"));
    QCOMPARE(changed.size(), 1);

    Scope edited = doc.configuration().scopes[0];
    edited.router = addr("198.18.0.254");
    doc.setScope(0, edited, QStringLiteral("Change router of lab"));
    QCOMPARE(doc.undoStack()->count(), 2);
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Change router of lab"));
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.0.254"));

    doc.undoStack()->undo();
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.0.1"));
    doc.undoStack()->redo();
    QCOMPARE(doc.configuration().scopes[0].router, addr("198.18.0.254"));
    QCOMPARE(changed.size(), 4);
    // Undo and redo move along the stack; they push nothing.
    QCOMPARE(doc.undoStack()->count(), 2);
}

void TestConfigurationDocument::noOpPushesNothing()
{
    ConfigurationDocument doc;
    doc.addScope(scope(QStringLiteral("lab"), 0));
    QSignalSpy changed(&doc, &ConfigurationDocument::configurationChanged);
    doc.setScope(0, doc.configuration().scopes[0], QStringLiteral("Change nothing"));
    doc.setServerSettings(doc.configuration().server, QStringLiteral("Change nothing"));
    doc.replaceConfiguration(doc.configuration(), QStringLiteral("Import the same"));
    doc.setScope(5, scope(QStringLiteral("x"), 5), QStringLiteral("No such scope"));
    QCOMPARE(doc.undoStack()->count(), 1);
    QCOMPARE(changed.size(), 0);
}

void TestConfigurationDocument::setAppliedWithoutEdits()
{
    ConfigurationDocument doc;
    QSignalSpy modified(&doc, &ConfigurationDocument::modifiedChanged);
    doc.setApplied(configuration());
    QCOMPARE(doc.configuration(), configuration());
    QCOMPARE(doc.applied(), configuration());
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 0);
    QCOMPARE(modified.size(), 0);

    // The engine changes again: still no edits of ours, so the document simply follows.
    Configuration next = configuration();
    next.revision = 4;
    next.scopes[0].leaseTime = 7200;
    doc.setApplied(next);
    QCOMPARE(doc.configuration(), next);
    QCOMPARE(doc.undoStack()->count(), 0);
    QVERIFY(!doc.isModified());
}

void TestConfigurationDocument::setAppliedKeepsPendingEdits()
{
    ConfigurationDocument doc;
    doc.setApplied(configuration());
    QSignalSpy modified(&doc, &ConfigurationDocument::modifiedChanged);
    Scope edited = doc.configuration().scopes[0];
    edited.domain = QStringLiteral("lab.test");
    doc.setScope(0, edited, QStringLiteral("Change domain of lab"));
    QVERIFY(doc.isModified());
    QCOMPARE(modified.size(), 1);

    // The engine reports a new revision of something else: our edit stays pending.
    Configuration engine = configuration();
    engine.revision = 9;
    engine.server.offerHoldS = 90;
    doc.setApplied(engine);
    QCOMPARE(doc.applied(), engine);
    QCOMPARE(doc.configuration().scopes[0].domain, QStringLiteral("lab.test"));
    QCOMPARE(doc.configuration().revision, 9);
    QVERIFY(doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 1);
}

void TestConfigurationDocument::setAppliedWithOurEditsClearsModified()
{
    ConfigurationDocument doc;
    doc.setApplied(configuration());
    Scope edited = doc.configuration().scopes[0];
    edited.leaseTime = 600;
    doc.setScope(0, edited, QStringLiteral("Change lease time of lab"));
    QSignalSpy modified(&doc, &ConfigurationDocument::modifiedChanged);

    // Apply went through: the engine now runs exactly our edits.
    Configuration ran = doc.configuration();
    ran.revision = 4;
    doc.setApplied(ran);
    QVERIFY(!doc.isModified());
    QCOMPARE(modified.size(), 1);
    QCOMPARE(modified.at(0).at(0).toBool(), false);
    QCOMPARE(doc.undoStack()->count(), 1); // the history stays useful
    QCOMPARE(doc.configuration().revision, 4);
    // Undoing past what was applied makes the document modified again.
    doc.undoStack()->undo();
    QVERIFY(doc.isModified());
    QCOMPARE(doc.configuration().scopes[0].leaseTime, 3600u);
}

void TestConfigurationDocument::revertIsUndoable()
{
    ConfigurationDocument doc;
    doc.setApplied(configuration());
    Scope edited = doc.configuration().scopes[0];
    edited.name = QStringLiteral("renamed");
    doc.setScope(0, edited, QStringLiteral("Change name of lab"));
    doc.revert();
    QCOMPARE(doc.configuration(), configuration());
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 2);
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Revert to the running configuration"));
    doc.undoStack()->undo();
    QCOMPARE(doc.configuration().scopes[0].name, QStringLiteral("renamed"));
    QVERIFY(doc.isModified());
    // Revert with nothing to revert pushes nothing.
    doc.undoStack()->redo();
    doc.revert();
    QCOMPARE(doc.undoStack()->count(), 2);
}

void TestConfigurationDocument::issuesForMatchesWholeSegments()
{
    Configuration c;
    for (int i = 0; i <= 10; ++i)
        c.scopes.append(scope(QStringLiteral("s%1").arg(i), i));
    c.scopes[1].leaseTime = 30; // scopes[1].lease_time
    c.scopes[10].router = addr("198.19.0.1"); // scopes[10].router
    ConfigurationDocument doc;
    doc.setApplied(c);
    QCOMPARE(doc.issues().size(), 2);

    const QList<ValidationIssue> one = doc.issuesFor(QStringLiteral("scopes[1]"));
    QCOMPARE(one.size(), 1);
    QCOMPARE(one[0].path, QStringLiteral("scopes[1].lease_time"));
    const QList<ValidationIssue> ten = doc.issuesFor(QStringLiteral("scopes[10]"));
    QCOMPARE(ten.size(), 1);
    QCOMPARE(ten[0].path, QStringLiteral("scopes[10].router"));
    QCOMPARE(doc.issuesFor(QStringLiteral("scopes[1].lease_time")).size(), 1);
    QCOMPARE(doc.issuesFor(QStringLiteral("scopes[1].lease")).size(), 0);
    QCOMPARE(doc.issuesFor(QStringLiteral("scopes")).size(), 2);
    QCOMPARE(doc.issuesFor(QStringLiteral("server")).size(), 0);
}

QTEST_GUILESS_MAIN(TestConfigurationDocument)
#include "tst_configurationdocument.moc"
