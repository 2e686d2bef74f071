#include "pendingsleepspanel.h"

#include "pendingsleepsmodel.h"
#include "progressbardelegate.h"

#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace {

// Counters change with every frame under load. QLabel::setText() invalidates the layouts up
// to the window unless the label's size is fixed, so the label keeps a fixed size that only
// grows: a new value repaints the label alone instead of relayouting the whole window.
void setCounterText(QLabel *label, const QString &text)
{
    if (label->text() == text)
        return;
    label->setText(text);
    const QSize hint = label->sizeHint();
    if (hint.width() > label->minimumWidth() || hint.height() != label->minimumHeight()
        || label->minimumWidth() != label->maximumWidth())
        label->setFixedSize(std::max(hint.width(), label->minimumWidth()), hint.height());
}

} // namespace

PendingSleepsPanel::PendingSleepsPanel(PendingSleepsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("pendingSleepsView"));
    m_view->setModel(model);
    m_view->setItemDelegateForColumn(
        PendingSleepsModel::RemainingColumn,
        new ProgressBarDelegate(PendingSleepsModel::ProgressRole, this));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setObjectName(QStringLiteral("pendingSleepsHeader"));
    // The request id and start time say little to a person; the countdown says it all.
    m_view->setColumnHidden(PendingSleepsModel::StartedColumn, true);
    m_view->setColumnHidden(PendingSleepsModel::RequestColumn, true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_view->setColumnWidth(PendingSleepsModel::ConnectionColumn, digit * 9);
    m_view->setColumnWidth(PendingSleepsModel::TargetColumn, digit * 15);
    m_view->setColumnWidth(PendingSleepsModel::DeadlineColumn, digit * 11);

    m_summary->setObjectName(QStringLiteral("queuedForWorker"));
    m_summary->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_summary);
    refresh(ServerStats::Snapshot());
}

void PendingSleepsPanel::refresh(const ServerStats::Snapshot &stats)
{
    setCounterText(m_summary,
                   tr("Sleeping: %1, queued for a worker: %2")
                       .arg(m_model->rowCount())
                       .arg(stats.queuedForWorker));
}
