#include "accesslogdialog.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

AccessLogDialog::AccessLogDialog(const AccessLogController::Settings &settings,
                                 const QString &commandLinePath, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("accessLogDialog"));
    setWindowTitle(tr("Access Log"));

    m_enabled = new QCheckBox(tr("&Write an access log"));
    m_enabled->setObjectName(QStringLiteral("accessLogEnabled"));
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("accessLogPath"));
    m_path->setPlaceholderText(tr("A file; lines are appended"));
    m_path->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);
    m_browse = new QPushButton(tr("&Browse…"));
    m_browse->setObjectName(QStringLiteral("accessLogBrowse"));
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("accessLogFormat"));
    // The names in brackets are --access-log-format's, so the window and scripts agree.
    m_format->addItem(tr("Common Log Format (clf)"), int(AccessLog::Format::Common));
    m_format->addItem(tr("Combined: with referer and user agent (combined)"),
                      int(AccessLog::Format::Combined));
    m_format->addItem(tr("JSON, one object per line, with the phases (json)"),
                      int(AccessLog::Format::Json));

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    auto *pathLabel = new QLabel(tr("&File:"));
    pathLabel->setObjectName(QStringLiteral("accessLogPathLabel"));
    pathLabel->setBuddy(m_path); // a row holding a layout gets no buddy of its own
    form->addRow(pathLabel, pathRow);
    form->addRow(tr("F&ormat:"), m_format);

    auto *rotation = new QLabel(
        tr("One line per answered request, as nginx and Apache write them. After logrotate moves "
           "the file, send ServeScope SIGHUP (postrotate kill -HUP) or choose File → Reopen "
           "Access Log: the next line lands in a new file."));
    rotation->setWordWrap(true);
    rotation->setTextFormat(Qt::PlainText);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("accessLogProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::BrightText);
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_enabled);
    layout->addLayout(form);
    layout->addWidget(rotation);
    if (!commandLinePath.isEmpty()) {
        auto *fromCommandLine = new QLabel(
            tr("This run writes to %1, as --access-log asked. What you choose here applies at "
               "once and is remembered for the next runs without that option.")
                .arg(commandLinePath));
        fromCommandLine->setObjectName(QStringLiteral("accessLogCommandLine"));
        fromCommandLine->setWordWrap(true);
        fromCommandLine->setTextFormat(Qt::PlainText);
        layout->addWidget(fromCommandLine);
    }
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &AccessLogDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AccessLogDialog::reject);
    connect(m_browse, &QPushButton::clicked, this, &AccessLogDialog::browse);
    connect(m_enabled, &QCheckBox::toggled, this, &AccessLogDialog::updateEnabled);
    setSettings(settings);
}

AccessLogController::Settings AccessLogDialog::settings() const
{
    AccessLogController::Settings value;
    value.enabled = m_enabled->isChecked();
    const QString path = m_path->text().trimmed();
    value.path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    value.format = AccessLog::Format(m_format->currentData().toInt());
    return value;
}

void AccessLogDialog::setSettings(const AccessLogController::Settings &settings)
{
    m_enabled->setChecked(settings.enabled);
    m_path->setText(QDir::toNativeSeparators(settings.path));
    m_format->setCurrentIndex(std::max(0, m_format->findData(int(settings.format))));
    updateEnabled();
}

void AccessLogDialog::accept()
{
    const AccessLogController::Settings value = settings();
    if (value.enabled && value.path.isEmpty()) {
        m_problem->setText(tr("Choose the file to write the log to."));
        m_problem->show();
        m_path->setFocus(Qt::OtherFocusReason);
        return;
    }
    if (value.enabled && QFileInfo(value.path).isDir()) {
        m_problem->setText(tr("%1 is a folder; choose a file in it.").arg(value.path));
        m_problem->show();
        m_path->setFocus(Qt::OtherFocusReason);
        return;
    }
    QDialog::accept();
}

void AccessLogDialog::browse()
{
    // Appending to an existing log is the usual case, so no "replace it?" question.
    const QString start = m_path->text().isEmpty()
        ? QDir::home().filePath(QStringLiteral("access.log"))
        : m_path->text();
    const QString path = QFileDialog::getSaveFileName(this, tr("Access Log File"), start,
                                                      tr("Log files (*.log);;All files (*)"),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    m_path->setText(QDir::toNativeSeparators(path));
    m_enabled->setChecked(true);
}

void AccessLogDialog::updateEnabled()
{
    const bool on = m_enabled->isChecked();
    m_path->setEnabled(on);
    m_browse->setEnabled(on);
    m_format->setEnabled(on);
    m_problem->hide();
}
