// The options editor as an admin uses it: options added through the picker and their typed
// fields, refused with the server's own words when the server would refuse them, removed,
// shown from a configuration without a signal; its models checked by the model tester; and a
// screenshot of it inside a form at the width of the scope editor.
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"
#include "widgets/optioncatalogmodel.h"
#include "widgets/optionlistmodel.h"
#include "widgets/optionpickerdialog.h"
#include "widgets/optionseditor.h"
#include "widgets/optionvalueedit.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace leasedesk;

Q_DECLARE_METATYPE(QList<leasedesk::OptionSetting>)

class TestOptionsEditor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void addsNtpServersThroughThePicker();
    void pickerFindsByCodeOrName();
    void invalidAddressShowsTheParserMessage();
    void invalidAddressInThePickerKeepsAddDisabled();
    void u16OutOfRangeIsRefused();
    void u16InRangeIsCommitted();
    void serverManagedCodesAreNotOffered();
    void serverManagedCodeInTheListIsRefused();
    void duplicateCodeIsRefused();
    void unknownCodeIsSetAsHex();
    void checkBoxCommitsABool();
    void u32UsesALineEdit();
    void removeDropsTheSelectedOption();
    void setOptionsRoundTripsWithoutASignal();
    void messagesArePlainText();
    void modelsPassTheTester();
    void screenshots();
};

namespace {

using Options = QList<OptionSetting>;

QString parserMessage(quint8 code, const QString &text)
{
    const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(code);
    return QString::fromStdString(proto::encodeOptionText(def, text.toStdString()).error);
}

Options lastEmitted(const QSignalSpy &spy)
{
    return spy.last().at(0).value<Options>();
}

OptionPickerDialog *openPicker(OptionsEditor &editor)
{
    QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("addOption")), Qt::LeftButton);
    return editor.findChild<OptionPickerDialog *>();
}

void search(OptionPickerDialog *picker, const QString &text)
{
    auto *field = picker->findChild<QLineEdit *>(QStringLiteral("optionSearch"));
    field->clear();
    QTest::keyClicks(field, text);
}

QPushButton *addButton(OptionPickerDialog *picker)
{
    return picker->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QString messageOf(QWidget *owner)
{
    return owner->findChild<QLabel *>(QStringLiteral("optionValueMessage"))->text();
}

// Replaces what the field holds as a person would, then presses Return.
void retype(QWidget *field, const QString &text, bool pressReturn = true)
{
    if (auto *line = qobject_cast<QLineEdit *>(field))
        line->selectAll();
    if (auto *spin = qobject_cast<QSpinBox *>(field))
        spin->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
    if (pressReturn)
        QTest::keyClick(field, Qt::Key_Return);
}

void selectRow(OptionsEditor &editor, int row)
{
    auto *table = editor.findChild<QTableView *>(QStringLiteral("optionsTable"));
    table->setCurrentIndex(table->model()->index(row, 0));
}

template<typename Field> Field *valueField(QWidget *owner, const char *name)
{
    return owner->findChild<OptionValueEdit *>(QStringLiteral("optionValueEdit"))
        ->findChild<Field *>(QLatin1String(name));
}

} // namespace

void TestOptionsEditor::initTestCase()
{
    qRegisterMetaType<Options>();
}

void TestOptionsEditor::addsNtpServersThroughThePicker()
{
    OptionsEditor editor;
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    OptionPickerDialog *picker = openPicker(editor);
    QVERIFY(picker);
    QVERIFY(picker->isVisible());
    search(picker, QStringLiteral("42 NTP Servers"));
    QCOMPARE(picker->option().code, quint8(42));
    QVERIFY(!addButton(picker)->isEnabled()); // nothing typed yet
    QVERIFY(messageOf(picker).isEmpty()); // and not scolded for it either

    auto *line = valueField<QLineEdit>(picker, "optionValueLine");
    QVERIFY(line);
    QTest::keyClicks(line, QStringLiteral("198.18.0.1, 198.18.0.2"));
    QVERIFY(messageOf(picker).isEmpty());
    QVERIFY(addButton(picker)->isEnabled());
    QTest::mouseClick(addButton(picker), Qt::LeftButton);

    QCOMPARE(spy.count(), 1);
    const Options expected = {{42, QStringLiteral("198.18.0.1, 198.18.0.2")}};
    QCOMPARE(lastEmitted(spy), expected);
    QCOMPARE(editor.options(), expected);
}

void TestOptionsEditor::pickerFindsByCodeOrName()
{
    OptionPickerDialog picker({});
    auto *view = picker.findChild<QTableView *>(QStringLiteral("optionCatalog"));
    search(&picker, QStringLiteral("ntp"));
    QCOMPARE(picker.option().code, quint8(42));
    search(&picker, QStringLiteral("42 NTP Servers"));
    QCOMPARE(view->model()->rowCount(), 1);
    search(&picker, QStringLiteral("domain search"));
    QCOMPARE(picker.option().code, quint8(119));
    search(&picker, QStringLiteral("66"));
    QCOMPARE(picker.option().code, quint8(66));
    // The type and the RFC are shown beside the name.
    QCOMPARE(view->model()->index(0, OptionCatalogModel::Rfc).data().toString(),
             QStringLiteral("RFC 2132 §9.4"));
    QVERIFY(!view->model()->index(0, OptionCatalogModel::Type).data().toString().isEmpty());
    search(&picker, QStringLiteral("no such option"));
    QCOMPARE(view->model()->rowCount(), 0);
    QCOMPARE(picker.option().code, quint8(0));
}

void TestOptionsEditor::invalidAddressShowsTheParserMessage()
{
    OptionsEditor editor;
    const Options before = {{42, QStringLiteral("198.18.0.1")}};
    editor.setOptions(before);
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *line = valueField<QLineEdit>(&editor, "optionValueLine");
    QVERIFY(line);
    QCOMPARE(line->text(), QStringLiteral("198.18.0.1"));

    retype(line, QStringLiteral("198.18.0.300"));
    const QString expected = parserMessage(42, QStringLiteral("198.18.0.300"));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(messageOf(&editor), expected);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(editor.options(), before);

    retype(line, QStringLiteral("198.18.0.3"));
    QVERIFY(messageOf(&editor).isEmpty());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastEmitted(spy), (Options{{42, QStringLiteral("198.18.0.3")}}));
}

void TestOptionsEditor::invalidAddressInThePickerKeepsAddDisabled()
{
    OptionsEditor editor;
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    OptionPickerDialog *picker = openPicker(editor);
    search(picker, QStringLiteral("28")); // Broadcast Address: exactly one address
    QCOMPARE(picker->option().code, quint8(28));
    auto *line = valueField<QLineEdit>(picker, "optionValueLine");
    retype(line, QStringLiteral("198.18.0.1, 198.18.0.2"), false);
    QCOMPARE(messageOf(picker), parserMessage(28, QStringLiteral("198.18.0.1, 198.18.0.2")));
    QVERIFY(!addButton(picker)->isEnabled());
    QTest::keyClick(line, Qt::Key_Return);
    QCOMPARE(spy.count(), 0);
    QVERIFY(editor.options().isEmpty());
}

void TestOptionsEditor::u16OutOfRangeIsRefused()
{
    OptionsEditor editor;
    const Options before = {{26, QStringLiteral("1500")}}; // Interface MTU, U16
    editor.setOptions(before);
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *spin = valueField<QSpinBox>(&editor, "optionValueSpin");
    QVERIFY(spin);
    QCOMPARE(spin->maximum(), 65535);
    QCOMPARE(spin->value(), 1500);

    retype(spin, QStringLiteral("70000"), false);
    QCOMPARE(spin->text(), QStringLiteral("70000")); // what was typed stays in view …
    const QString expected = parserMessage(26, QStringLiteral("70000"));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(messageOf(&editor), expected); // … with the parser's reason
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(editor.options(), before);
    QCOMPARE(spin->value(), 1500); // and the last valid value comes back
}

void TestOptionsEditor::u16InRangeIsCommitted()
{
    OptionsEditor editor;
    editor.setOptions({{26, QStringLiteral("1500")}});
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *spin = valueField<QSpinBox>(&editor, "optionValueSpin");
    retype(spin, QStringLiteral("9000"));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastEmitted(spy), (Options{{26, QStringLiteral("9000")}}));
    spin->stepBy(1); // the arrows commit too
    QCOMPARE(spy.count(), 2);
    QCOMPARE(lastEmitted(spy), (Options{{26, QStringLiteral("9001")}}));
}

void TestOptionsEditor::serverManagedCodesAreNotOffered()
{
    OptionsEditor editor;
    OptionPickerDialog *picker = openPicker(editor);
    auto *view = picker->findChild<QTableView *>(QStringLiteral("optionCatalog"));
    search(picker, QStringLiteral("53"));
    QCOMPARE(view->model()->rowCount(), 1);
    const QModelIndex row = view->model()->index(0, 0);
    QVERIFY(!row.flags().testFlag(Qt::ItemIsEnabled));
    QVERIFY(!row.flags().testFlag(Qt::ItemIsSelectable));
    QCOMPARE(picker->option().code, quint8(0));
    QVERIFY(!addButton(picker)->isEnabled());
    const QString reason = QStringLiteral("Set by the server: the server sets or echoes this "
                                          "option itself");
    QCOMPARE(view->model()->index(0, OptionCatalogModel::Note).data().toString(), reason);
    QCOMPARE(messageOf(picker), reason);

    // The reasons are the validator's: lease time and the mask come from scope fields.
    OptionCatalogModel catalog;
    QCOMPARE(catalog.refusal(51), QStringLiteral("Set by the server: set lease_time instead"));
    QVERIFY(catalog.refusal(1).contains(QStringLiteral("subnet")));
    for (quint8 code : {54, 58, 59, 61, 82})
        QVERIFY2(!catalog.refusal(code).isEmpty(), qPrintable(QString::number(code)));
    QVERIFY(catalog.refusal(42).isEmpty());
    QVERIFY(catalog.refusal(3).isEmpty());
}

void TestOptionsEditor::serverManagedCodeInTheListIsRefused()
{
    // A file may carry what the editor never lets in; selecting it says so, and no edit of
    // it is committed.
    OptionsEditor editor;
    const Options before = {{51, QStringLiteral("600")}};
    editor.setOptions(before);
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    QVERIFY(messageOf(&editor).contains(QStringLiteral("set lease_time instead")));
    auto *line = valueField<QLineEdit>(&editor, "optionValueLine");
    retype(line, QStringLiteral("700"));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(editor.options(), before);
}

void TestOptionsEditor::duplicateCodeIsRefused()
{
    OptionsEditor editor;
    editor.setOptions({{42, QStringLiteral("198.18.0.1")}});
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    OptionPickerDialog *picker = openPicker(editor);
    search(picker, QStringLiteral("42"));
    QCOMPARE(picker->option().code, quint8(0));
    QVERIFY(!addButton(picker)->isEnabled());
    QCOMPARE(messageOf(picker), QStringLiteral("Already set: change its value in the list"));
    picker->accept(); // even forced through, the duplicate does not get in
    QCOMPARE(spy.count(), 0);
    QCOMPARE(editor.options().size(), 1);

    // Two of a code from a file: the second says so.
    editor.setOptions({{42, QStringLiteral("198.18.0.1")}, {42, QStringLiteral("198.18.0.2")}});
    selectRow(editor, 1);
    QCOMPARE(messageOf(&editor), QStringLiteral("Option 42 is set twice. Remove one of them."));
}

void TestOptionsEditor::unknownCodeIsSetAsHex()
{
    OptionsEditor editor;
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    OptionPickerDialog *picker = openPicker(editor);
    auto *view = picker->findChild<QTableView *>(QStringLiteral("optionCatalog"));
    search(picker, QStringLiteral("22")); // in the table, and the start of nothing unknown
    QCOMPARE(picker->option().code, quint8(22));
    search(picker, QStringLiteral("224"));
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, OptionCatalogModel::Name).data().toString(),
             QStringLiteral("Option 224"));
    QCOMPARE(picker->option().code, quint8(224));
    auto *line = valueField<QLineEdit>(picker, "optionValueLine");
    retype(line, QStringLiteral("0g"), false);
    QCOMPARE(messageOf(picker), parserMessage(224, QStringLiteral("0g")));
    QVERIFY(!addButton(picker)->isEnabled());
    retype(line, QStringLiteral("01:02:0a"), false);
    QVERIFY(addButton(picker)->isEnabled());
    QTest::mouseClick(addButton(picker), Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastEmitted(spy), (Options{{224, QStringLiteral("01:02:0a")}}));
}

void TestOptionsEditor::checkBoxCommitsABool()
{
    OptionsEditor editor;
    editor.setOptions({{19, QStringLiteral("false")}}); // IP Forwarding
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *check = valueField<QCheckBox>(&editor, "optionValueCheck");
    QVERIFY(check);
    QVERIFY(!check->isChecked());
    check->click(); // as a mouse click or the space bar would
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastEmitted(spy), (Options{{19, QStringLiteral("true")}}));
}

void TestOptionsEditor::u32UsesALineEdit()
{
    OptionsEditor editor;
    editor.setOptions({{24, QStringLiteral("600")}}); // Path MTU Aging Timeout, U32
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *line = valueField<QLineEdit>(&editor, "optionValueLine");
    QVERIFY(line);
    retype(line, QStringLiteral("4294967296"));
    QCOMPARE(messageOf(&editor), parserMessage(24, QStringLiteral("4294967296")));
    QCOMPARE(spy.count(), 0);
    retype(line, QStringLiteral("4294967295"));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastEmitted(spy), (Options{{24, QStringLiteral("4294967295")}}));
}

void TestOptionsEditor::removeDropsTheSelectedOption()
{
    OptionsEditor editor;
    editor.setOptions({{42, QStringLiteral("198.18.0.1")}, {119, QStringLiteral("lab.test")}});
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    auto *remove = editor.findChild<QPushButton *>(QStringLiteral("removeOption"));
    selectRow(editor, 0);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    const Options expected = {{119, QStringLiteral("lab.test")}};
    QCOMPARE(lastEmitted(spy), expected);
    QCOMPARE(editor.options(), expected);
}

void TestOptionsEditor::setOptionsRoundTripsWithoutASignal()
{
    OptionsEditor editor;
    QSignalSpy spy(&editor, &OptionsEditor::optionsEdited);
    const Options options = {{42, QStringLiteral("198.18.0.1, 198.18.0.2")},
                             {26, QStringLiteral("0x5dc")},
                             {19, QStringLiteral("on")},
                             {119, QStringLiteral("lab.test, example.org")},
                             {224, QStringLiteral("01:02")}};
    editor.setOptions(options);
    QCOMPARE(editor.options(), options);
    for (int row = 0; row < options.size(); ++row)
        selectRow(editor, row); // showing a value is not editing it
    QCOMPARE(editor.options(), options);
    editor.setOptions({});
    QVERIFY(editor.options().isEmpty());
    QCOMPARE(spy.count(), 0);
}

void TestOptionsEditor::messagesArePlainText()
{
    OptionsEditor editor;
    editor.setOptions({{42, QStringLiteral("198.18.0.1")}});
    auto *label = editor.findChild<QLabel *>(QStringLiteral("optionValueMessage"));
    QCOMPARE(label->textFormat(), Qt::PlainText);
    retype(valueField<QLineEdit>(&editor, "optionValueLine"), QStringLiteral("<b>x</b>"));
    QVERIFY(label->text().contains(QStringLiteral("<b>x</b>")));
}

void TestOptionsEditor::modelsPassTheTester()
{
    OptionListModel list;
    QAbstractItemModelTester listTester(&list,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    list.setOptions({{42, QStringLiteral("198.18.0.1")}, {119, QStringLiteral("lab.test")}});
    QCOMPARE(list.append({224, QStringLiteral("01")}), 2);
    list.setValue(0, QStringLiteral("198.18.0.2"));
    QCOMPARE(list.index(0, OptionListModel::Value).data().toString(), QStringLiteral("198.18.0.2"));
    QCOMPARE(list.index(1, OptionListModel::Name).data().toString(),
             QStringLiteral("Domain Search"));
    QVERIFY(list.removeRows(1, 1));
    QVERIFY(!list.removeRows(5, 1));
    QCOMPARE(list.rowOf(224), 1);

    OptionCatalogModel catalog;
    OptionCatalogFilter filter;
    filter.setSourceModel(&catalog);
    QAbstractItemModelTester catalogTester(&catalog,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(catalog.rowCount(), 254);
    catalog.setTakenCodes({42});
    filter.setSearch(QStringLiteral("server"));
    QVERIFY(filter.rowCount() > 5);
    filter.setSearch({});
    QCOMPARE(filter.rowCount(), int(proto::optionDefinitions().size()));
}

void TestOptionsEditor::screenshots()
{
    // As the scope editor will hold it: a form row among others, about 900 px wide.
    QWidget form;
    auto *layout = new QFormLayout(&form);
    layout->addRow(QStringLiteral("Name:"), new QLineEdit(QStringLiteral("lab"), &form));
    layout->addRow(QStringLiteral("Subnet:"),
                   new QLineEdit(QStringLiteral("198.18.0.0/16"), &form));
    auto *editor = new OptionsEditor(&form);
    layout->addRow(QStringLiteral("Options:"), editor);
    editor->setOptions({{42, QStringLiteral("198.18.0.1, 198.18.0.2")},
                        {26, QStringLiteral("9000")},
                        {19, QStringLiteral("false")},
                        {119, QStringLiteral("lab.test, example.org")},
                        {121, QStringLiteral("198.18.5.0/24 via 198.18.0.1")}});
    form.resize(900, 480);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    retype(valueField<QLineEdit>(editor, "optionValueLine"), QStringLiteral("198.18.0.1, 198.18.0"),
           false);
    const QString dir = QCoreApplication::applicationDirPath();
    QVERIFY(form.grab().save(dir + QStringLiteral("/optionseditor.png")));

    OptionPickerDialog *picker = openPicker(*editor);
    QVERIFY(QTest::qWaitForWindowExposed(picker));
    search(picker, QStringLiteral("server"));
    QVERIFY(picker->grab().save(dir + QStringLiteral("/optionpicker.png")));
    qInfo("screenshots: %s/optionseditor.png, optionpicker.png", qPrintable(dir));
}

QTEST_MAIN(TestOptionsEditor)
#include "tst_optionseditor.moc"
