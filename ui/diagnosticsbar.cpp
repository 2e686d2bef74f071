#include "diagnosticsbar.h"

#include "monitortext.h"

#include <QtCore/QLocale>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStyle>
#include <QtWidgets/QVBoxLayout>

namespace {

// Two diagnostics are the same line while nothing a sentence shows has changed.
bool sameLine(const Diagnostic &a, const Diagnostic &b)
{
    return a.kind == b.kind && a.count == b.count && a.maxWaitUs == b.maxWaitUs
        && a.culpritCount == b.culpritCount && a.heldUs == b.heldUs
        && a.culpritLabel == b.culpritLabel && a.culpritBlocking == b.culpritBlocking
        && a.workers == b.workers && a.requestIds == b.requestIds;
}

} // namespace

DiagnosticsBar::DiagnosticsBar(QWidget *parent)
    : QFrame(parent)
    , m_linesLayout(new QVBoxLayout)
{
    setObjectName(QStringLiteral("diagnosticsBar"));
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::AlternateBase);
    setAutoFillBackground(true);
    auto *icon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);
    auto *dismiss = new QPushButton(tr("Dis&miss"));
    dismiss->setObjectName(QStringLiteral("dismissDiagnostics"));
    dismiss->setToolTip(tr("Forget these diagnostics; new ones appear when they happen again"));
    connect(dismiss, &QPushButton::clicked, this, [this] {
        setDiagnostics({});
        Q_EMIT dismissed();
    });
    m_linesLayout->setContentsMargins(0, 0, 0, 0);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(icon);
    layout->addLayout(m_linesLayout, 1);
    layout->addWidget(dismiss, 0, Qt::AlignTop);
    hide();
}

void DiagnosticsBar::setDiagnostics(const QList<Diagnostic> &diagnostics)
{
    const bool same = diagnostics.size() == m_diagnostics.size()
        && std::equal(diagnostics.cbegin(), diagnostics.cend(), m_diagnostics.cbegin(), sameLine);
    if (same)
        return;
    m_diagnostics = diagnostics;
    while (m_lines.size() > m_diagnostics.size())
        delete m_lines.takeLast();
    while (m_lines.size() < m_diagnostics.size()) {
        auto *line = new QLabel;
        line->setObjectName(QStringLiteral("diagnostic%1").arg(m_lines.size()));
        line->setTextFormat(Qt::RichText);
        line->setWordWrap(true);
        line->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse
                                      | Qt::LinksAccessibleByKeyboard);
        const int index = int(m_lines.size());
        connect(line, &QLabel::linkActivated, this, [this, index] { showRequests(index); });
        m_linesLayout->addWidget(line);
        m_lines.append(line);
    }
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i) {
        const Diagnostic &d = m_diagnostics[i];
        QString html = QStringLiteral("<b>%1</b> %2")
                           .arg(title(d.kind).toHtmlEscaped(), sentence(d).toHtmlEscaped());
        if (!d.requestIds.isEmpty())
            html += QStringLiteral(" <a href=\"show\">%1</a>")
                        .arg(tr("Show the requests").toHtmlEscaped());
        m_lines[i]->setText(html);
    }
    setVisible(!m_diagnostics.isEmpty());
}

QString DiagnosticsBar::text(int index) const
{
    if (index < 0 || index >= m_diagnostics.size())
        return QString();
    return sentence(m_diagnostics[index]);
}

void DiagnosticsBar::showRequests(int index)
{
    if (index >= 0 && index < m_diagnostics.size())
        Q_EMIT requestsPicked(m_diagnostics[index].requestIds);
}

QString DiagnosticsBar::title(Diagnostic::Kind kind)
{
    switch (kind) {
    case Diagnostic::Kind::ServerThreadBlocked:
        return tr("Server thread blocked.");
    case Diagnostic::Kind::PoolSaturated:
        return tr("Pool saturated.");
    case Diagnostic::Kind::CpuOnEventLoop:
        return tr("CPU work on the event loop.");
    case Diagnostic::Kind::SequentialQueue:
        break;
    }
    return tr("Waiting for a turn.");
}

QString DiagnosticsBar::sentence(const Diagnostic &d)
{
    const QLocale locale;
    const QString held = MonitorText::durationText(d.heldUs);
    const QString wait = MonitorText::durationText(d.maxWaitUs);
    // "10 × GET /sleep?ms=1000", or how many of the culprits were that.
    // (No English .qm: plurals are spelled out rather than left to %n.)
    const auto requests = [&locale](qint64 n) {
        return n == 1 ? tr("1 request") : tr("%1 requests").arg(locale.toString(n));
    };
    const QString culprits = d.culpritLabelCount >= d.culpritCount
        ? tr("%1 × %2").arg(locale.toString(d.culpritCount), d.culpritLabel)
        : tr("%1, %2 of them %3", "requests, how many of them were the commonest kind")
              .arg(requests(d.culpritCount), locale.toString(d.culpritLabelCount), d.culpritLabel);
    const QString waited = requests(d.count);
    switch (d.kind) {
    case Diagnostic::Kind::ServerThreadBlocked:
        return tr("The server thread was blocked for %1 by %2 (blocking sleep); %3 waited up to "
                  "%4. An event loop must not block: turn off Blocking sleep, or use Pooled "
                  "mode.")
            .arg(held, culprits, waited, wait);
    case Diagnostic::Kind::CpuOnEventLoop:
        return tr("CPU work held the single server thread for %1: %2 ran one after another while "
                  "%3 waited up to %4. Pooled mode runs them in parallel, one per worker.")
            .arg(held, culprits, waited, wait);
    case Diagnostic::Kind::PoolSaturated:
        return d.culpritBlocking
            ? tr("All %1 workers were blocked (blocking sleep) by %2 for %3 in all; %4 waited up "
                 "to %5 for a free worker. Do not block inside a worker: turn off Blocking "
                 "sleep, or raise the pool size.")
                  .arg(locale.toString(d.workers))
                  .arg(culprits, held, waited, wait)
            : tr("All %1 workers were busy with %2 for %3 in all; %4 waited up to %5 for a free "
                 "worker. Raise the pool size, up to the number of cores for CPU work.")
                  .arg(locale.toString(d.workers))
                  .arg(culprits, held, waited, wait);
    case Diagnostic::Kind::SequentialQueue:
        break;
    }
    return tr("Sequential mode made %1 wait up to %2 for their turn, behind %3. Concurrent or "
              "Pooled mode would overlap them.")
        .arg(waited, wait, culprits);
}
