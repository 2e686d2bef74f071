#include "pendingsleepspanel.h"
#include "counterlabel.h"
#include "gridtableview.h"

#include "pendingsleepsmodel.h"
#include "progressbardelegate.h"

#include <QtCore/QLocale>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

PendingSleepsPanel::PendingSleepsPanel(PendingSleepsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new GridTableView(this))
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
    // Columns as wide as their content and their (translated) header, with the style's own
    // cell padding: a style with roomier cells (GTK's, say) would otherwise cut the clock off.
    const QFontMetrics metrics = fontMetrics();
    const int padding
        = 2 * (style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view) + 1) + 4;
    const auto fit = [&](int column, const QString &sample) {
        m_view->setColumnWidth(column,
                               std::max(metrics.horizontalAdvance(sample) + padding,
                                        m_view->horizontalHeader()->sectionSizeHint(column)));
    };
    fit(PendingSleepsModel::ConnectionColumn, QStringLiteral("99999"));
    fit(PendingSleepsModel::TargetColumn, QStringLiteral("/sleep?ms=10000"));
    fit(PendingSleepsModel::DeadlineColumn, QStringLiteral("00:00:00.000"));

    m_summary->setObjectName(QStringLiteral("queuedForWorker"));
    m_summary->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addWidget(m_summary);
    refresh(ServerStats::Snapshot(), DispatchMode::Pooled);
}

void PendingSleepsPanel::refresh(const ServerStats::Snapshot &stats, DispatchMode mode)
{
    const QString sleeping = QLocale().toString(m_model->rowCount());
    const QString queued = QLocale().toString(stats.queuedForWorker);
    // Sequential mode has no workers: its requests wait for their turn.
    CounterLabel::setText(m_summary,
                          mode == DispatchMode::Sequential
                              ? tr("Sleeping: %1, waiting for their turn: %2").arg(sleeping, queued)
                              : tr("Sleeping: %1, queued for a worker: %2").arg(sleeping, queued));
}
