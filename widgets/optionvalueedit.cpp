#include "widgets/optionvalueedit.h"

#include "widgets/optionrules.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace leasedesk {

namespace {

using proto::OptionType;

// A spin box that lets any integer be typed, even one outside its range, so that the parser
// can say what is wrong instead of the keystroke silently vanishing; leaving the field puts
// the last valid value back, as QSpinBox does.
class LenientSpinBox : public QSpinBox
{
    Q_OBJECT
public:
    using QSpinBox::QSpinBox;

    QValidator::State validate(QString &input, int &pos) const override
    {
        const QValidator::State state = QSpinBox::validate(input, pos);
        static const QRegularExpression integer(QStringLiteral("^\\s*-?\\d+\\s*$"));
        if (state == QValidator::Invalid && integer.match(input).hasMatch())
            return QValidator::Intermediate;
        return state;
    }

    // QAbstractSpinBox keeps its line edit protected; the owner needs its every keystroke.
    QLineEdit *editor() const { return lineEdit(); }

    void stepBy(int steps) override
    {
        QSpinBox::stepBy(steps);
        emit stepped();
    }

signals:
    void stepped();
};

bool isSpinType(OptionType type)
{
    return type == OptionType::U8 || type == OptionType::U16 || type == OptionType::I32;
}

} // namespace

OptionValueEdit::OptionValueEdit(QWidget *parent)
    : QWidget(parent), m_layout(new QVBoxLayout(this)), m_message(new QLabel(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    m_message->setObjectName(QStringLiteral("optionValueMessage"));
    // Parser messages quote what was typed; typed text is never to be read as markup.
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    // One line is always reserved so the form below does not jump when a message appears.
    m_message->setMinimumHeight(m_message->fontMetrics().height());
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c));
    m_message->setPalette(pal);
    m_layout->addWidget(m_message);
    buildEmpty();
    m_layout->insertWidget(0, m_field);
}

void OptionValueEdit::setOption(quint8 code, const QString &value)
{
    m_code = code;
    m_refusal.clear();
    m_touched = false;
    clearField();
    const OptionType type = proto::optionDefinitionOrGeneric(code).type;
    if (isSpinType(type))
        buildSpin(value);
    else if (type == OptionType::Bool)
        buildCheck(value);
    else if (type == OptionType::Empty)
        buildEmpty();
    else
        buildLine(value);
    m_layout->insertWidget(0, m_field);
    m_field->show(); // a layout shows a new child only on the next event loop pass
    setFocusProxy(m_field);
    showMessage();
}

QString OptionValueEdit::text() const
{
    if (m_line)
        return m_line->text();
    if (m_spin)
        return m_spin->text().trimmed();
    if (m_check)
        return m_check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

QString OptionValueEdit::message() const
{
    // Code 0 is "no option picked yet": nothing to parse, nothing to complain about.
    if (!m_refusal.isEmpty() || m_code == 0)
        return m_refusal;
    return optionValueError(m_code, text());
}

void OptionValueEdit::setRefusal(const QString &reason)
{
    m_refusal = reason;
    showMessage();
}

void OptionValueEdit::showMessage()
{
    // A new, still empty field is not scolded before anything was typed into it.
    const bool untouchedEmpty = !m_touched && text().isEmpty() && m_refusal.isEmpty();
    m_message->setText(untouchedEmpty ? QString() : message());
}

void OptionValueEdit::clearField()
{
    delete m_field;
    m_field = nullptr;
    m_line = nullptr;
    m_spin = nullptr;
    m_check = nullptr;
}

void OptionValueEdit::buildLine(const QString &value)
{
    m_line = new QLineEdit(value, this);
    m_line->setObjectName(QStringLiteral("optionValueLine"));
    m_line->setPlaceholderText(optionExample(proto::optionDefinitionOrGeneric(m_code).type));
    m_line->setClearButtonEnabled(true);
    connect(m_line, &QLineEdit::textChanged, this, &OptionValueEdit::changed);
    connect(m_line, &QLineEdit::editingFinished, this, &OptionValueEdit::committed);
    m_field = m_line;
}

void OptionValueEdit::buildSpin(const QString &value)
{
    auto *spin = new LenientSpinBox(this);
    m_spin = spin;
    spin->setObjectName(QStringLiteral("optionValueSpin"));
    const OptionType type = proto::optionDefinitionOrGeneric(m_code).type;
    if (type == OptionType::I32)
        spin->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    else
        spin->setRange(0, type == OptionType::U8 ? 255 : 65535);
    // Wide enough for the longest value of the range, not for the whole form.
    spin->setMaximumWidth(spin->sizeHint().width() + spin->fontMetrics().averageCharWidth() * 4);
    // Without tracking, a value typed past the range ("70000" by way of "7000") is not
    // half-committed on the way; leaving the field restores the last value that was.
    spin->setKeyboardTracking(false);
    bool ok = false;
    const int number = value.trimmed().toInt(&ok, 0);
    if (ok)
        spin->setValue(number);
    else if (!value.trimmed().isEmpty())
        spin->editor()->setText(value); // not a number: kept visible, so the message explains it
    connect(spin->editor(), &QLineEdit::textChanged, this, &OptionValueEdit::changed);
    connect(spin, &QSpinBox::editingFinished, this, &OptionValueEdit::committed);
    connect(spin, &LenientSpinBox::stepped, this, &OptionValueEdit::committed);
    m_field = spin;
}

void OptionValueEdit::buildCheck(const QString &value)
{
    m_check = new QCheckBox(tr("On"), this);
    m_check->setObjectName(QStringLiteral("optionValueCheck"));
    const QString v = value.trimmed().toLower();
    m_check->setChecked(v == QLatin1String("true") || v == QLatin1String("1")
                        || v == QLatin1String("yes") || v == QLatin1String("on"));
    connect(m_check, &QCheckBox::toggled, this, &OptionValueEdit::changed);
    connect(m_check, &QCheckBox::clicked, this, &OptionValueEdit::committed);
    m_field = m_check;
}

void OptionValueEdit::buildEmpty()
{
    auto *label = new QLabel(tr("This option carries no value."), this);
    label->setEnabled(false);
    m_field = label;
}

void OptionValueEdit::changed()
{
    m_touched = true;
    showMessage();
    emit textChanged();
}

} // namespace leasedesk

#include "optionvalueedit.moc"
