#include "burstpanel.h"

#include "monitortext.h"
#include "server.h"

#include <QtCore/QLocale>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace {
constexpr int maxTableRows = 20;
constexpr int visibleTableRows = 6; // the three experiments, blocking and not, side by side

// The mode columns follow the modes' order.
static_assert(BurstPanel::ConcurrentColumn - BurstPanel::SequentialColumn
                  == int(DispatchMode::Concurrent) - int(DispatchMode::Sequential)
              && BurstPanel::PooledColumn - BurstPanel::SequentialColumn
                  == int(DispatchMode::Pooled) - int(DispatchMode::Sequential));

int columnFor(DispatchMode mode)
{
    return BurstPanel::SequentialColumn + int(mode) - int(DispatchMode::Sequential);
}

// Room for several rows at once, so results can be compared without scrolling.
void fitRows(QTableWidget *table, int rows)
{
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setMinimumHeight(table->horizontalHeader()->sizeHint().height()
                            + rows * table->verticalHeader()->defaultSectionSize()
                            + 2 * table->frameWidth());
}

// An experiment table row's identity, kept in its first cell.
int rowKey(ExperimentRunner::Kind kind, DispatchMode mode)
{
    return int(kind) * 16 + int(mode);
}

QString actionText(ExperimentRunner::Kind kind)
{
    switch (kind) {
    case ExperimentRunner::Kind::SlowRequests:
        return BurstPanel::tr("&Slow Requests");
    case ExperimentRunner::Kind::CpuWork:
        return BurstPanel::tr("&CPU Work");
    case ExperimentRunner::Kind::BlockingInExecutor:
        break;
    }
    return BurstPanel::tr("&Blocking Inside an Executor");
}

QString actionName(ExperimentRunner::Kind kind)
{
    switch (kind) {
    case ExperimentRunner::Kind::SlowRequests:
        return QStringLiteral("experimentSlowRequestsAction");
    case ExperimentRunner::Kind::CpuWork:
        return QStringLiteral("experimentCpuWorkAction");
    case ExperimentRunner::Kind::BlockingInExecutor:
        break;
    }
    return QStringLiteral("experimentBlockingAction");
}
} // namespace

BurstPanel::BurstPanel(Server *server, QWidget *parent)
    : QWidget(parent)
    , m_server(server)
    , m_runner(new BurstRunner(this))
    , m_count(new QSpinBox(this))
    , m_route(new QComboBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_duration(new QSpinBox(this))
    , m_runButton(new QPushButton(this))
    , m_cancelButton(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_experiments(new ExperimentRunner(server, this))
    , m_experimentChoice(new QComboBox(this))
    , m_runExperimentButton(new QPushButton(this))
    , m_experimentTable(new QTableWidget(0, ExperimentColumnCount, this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("burstPanel"));

    m_count->setObjectName(QStringLiteral("burstCount"));
    m_count->setRange(1, BurstRunner::maximumCount);
    m_count->setValue(10);
    m_count->setToolTip(tr("How many requests to send"));

    m_route->setObjectName(QStringLiteral("burstRoute"));
    m_route->addItem(QStringLiteral("/"), QStringLiteral("/"));
    m_route->addItem(QStringLiteral("/sleep"), QStringLiteral("/sleep"));
    m_route->addItem(QStringLiteral("/compute"), QStringLiteral("/compute"));
    m_route->setCurrentIndex(1);
    m_route->setToolTip(
        tr("The page to request: / answers at once, /sleep waits, /compute works the CPU"));

    m_concurrency->setObjectName(QStringLiteral("burstConcurrency"));
    m_concurrency->setRange(1, BurstRunner::maximumConcurrency);
    m_concurrency->setValue(10);
    m_concurrency->setToolTip(
        tr("How many requests are in flight at once, each on its own connection"));

    m_duration->setObjectName(QStringLiteral("burstDuration"));
    m_duration->setRange(0, ServerConfig::maxSleepMs);
    m_duration->setSingleStep(100);
    m_duration->setSuffix(tr(" ms"));
    m_duration->setSpecialValueText(tr("default"));
    m_duration->setToolTip(
        tr("?ms= for /sleep and /compute; \"default\" uses the server's setting"));
    connect(m_route, &QComboBox::currentIndexChanged, this, &BurstPanel::updateEnabled);

    m_runAction = new QAction(tr("&Run Burst"), this);
    m_runAction->setObjectName(QStringLiteral("runBurstAction"));
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_runAction->setStatusTip(tr("Send the burst of requests to the running server"));
    connect(m_runAction, &QAction::triggered, this, &BurstPanel::run);
    m_cancelAction = new QAction(tr("Ca&ncel Burst"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelBurstAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_cancelAction->setStatusTip(tr("Stop sending; requests in flight are abandoned"));
    connect(m_cancelAction, &QAction::triggered, this, &BurstPanel::cancel);

    m_runButton->setObjectName(QStringLiteral("runBurst"));
    m_runButton->setText(tr("Run"));
    m_runButton->setToolTip(tr("Run the burst (Ctrl+Enter)"));
    connect(m_runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);
    m_cancelButton->setObjectName(QStringLiteral("cancelBurst"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Cancel the burst (Ctrl+Shift+Enter)"));
    connect(m_cancelButton, &QPushButton::clicked, m_cancelAction, &QAction::trigger);

    m_progress->setObjectName(QStringLiteral("burstProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m"));
    m_progress->setTextVisible(false); // until there is a burst to count

    m_summary->setObjectName(QStringLiteral("burstSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Send a burst to compare the modes: run it once per mode."));

    m_table->setObjectName(QStringLiteral("burstResults"));
    m_table->setHorizontalHeaderLabels({tr("Burst"),
                                        MonitorText::modeName(DispatchMode::Sequential),
                                        MonitorText::modeName(DispatchMode::Concurrent),
                                        MonitorText::modeName(DispatchMode::Pooled)});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(BurstColumn, QHeaderView::Stretch);
    for (int column = SequentialColumn; column < ColumnCount; ++column)
        m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setHighlightSections(false);
    fitRows(m_table, visibleTableRows);
    createExperiments();

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    auto *what = new QHBoxLayout;
    what->addWidget(m_count);
    auto *times = new QLabel(tr("×"), this);
    what->addWidget(times);
    what->addWidget(m_route);
    what->addWidget(m_duration);
    what->addStretch();
    auto *requestsLabel = new QLabel(tr("Re&quests:"), this);
    requestsLabel->setBuddy(m_count);
    form->addRow(requestsLabel, what);
    auto *atOnceLabel = new QLabel(tr("At on&ce:"), this);
    atOnceLabel->setBuddy(m_concurrency);
    auto *atOnce = new QHBoxLayout;
    atOnce->addWidget(m_concurrency);
    atOnce->addWidget(m_runButton);
    atOnce->addWidget(m_cancelButton);
    atOnce->addStretch();
    form->addRow(atOnceLabel, atOnce);
    auto *experimentLabel = new QLabel(tr("E&xperiment:"), this);
    experimentLabel->setBuddy(m_experimentChoice);
    auto *experiment = new QHBoxLayout;
    experiment->addWidget(m_experimentChoice);
    experiment->addWidget(m_runExperimentButton);
    experiment->addStretch();
    form->addRow(experimentLabel, experiment);

    m_tabs->setObjectName(QStringLiteral("burstTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_table, tr("Bursts"));
    m_tabs->addTab(m_experimentTable, tr("Experiments"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);

    connect(m_runner, &BurstRunner::progressChanged, this, &BurstPanel::onProgress);
    connect(m_runner, &BurstRunner::finished, this, &BurstPanel::onFinished);
    connect(m_server, &Server::started, this, &BurstPanel::updateEnabled);
    connect(m_server, &Server::stopped, this, &BurstPanel::updateEnabled);
    connect(m_server, &Server::startFailed, this, &BurstPanel::updateEnabled);
    connect(m_experiments, &ExperimentRunner::stepStarted, this, &BurstPanel::onExperimentStep);
    connect(m_experiments, &ExperimentRunner::progressChanged, this, &BurstPanel::onProgress);
    connect(m_experiments, &ExperimentRunner::finished, this, &BurstPanel::onExperimentFinished);
    // Server events alongside the window's MonitorFeed: the longest waits come from them.
    connect(m_server, &Server::eventsReady, m_experiments, &ExperimentRunner::appendEvents);
    connect(m_server, &Server::modeChanged, this, [this] {
        if (m_runner->isRunning())
            m_modeChangedDuringRun = true;
    });
    updateEnabled();
}

BurstPanel::~BurstPanel() = default;

void BurstPanel::createExperiments()
{
    using Kind = ExperimentRunner::Kind;
    m_experimentChoice->setObjectName(QStringLiteral("experimentChoice"));
    m_experimentChoice->setToolTip(tr("What to compare across the modes"));
    for (Kind kind : ExperimentRunner::kinds()) {
        const QString description = ExperimentRunner::description(m_experiments->experiment(kind));
        m_experimentChoice->addItem(ExperimentRunner::name(kind), int(kind));
        m_experimentChoice->setItemData(m_experimentChoice->count() - 1, description,
                                        Qt::ToolTipRole);
        auto *action = new QAction(actionText(kind), this);
        action->setObjectName(actionName(kind));
        action->setStatusTip(description);
        connect(action, &QAction::triggered, this, [this, kind] { runExperiment(kind); });
        m_experimentActions.append(action);
    }
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_experimentActions.append(separator);
    m_cancelExperimentAction = new QAction(tr("C&ancel Experiment"), this);
    m_cancelExperimentAction->setObjectName(QStringLiteral("cancelExperimentAction"));
    m_cancelExperimentAction->setStatusTip(
        tr("Stop the experiment; the mode, pool size and blocking sleep come back"));
    connect(m_cancelExperimentAction, &QAction::triggered, m_experiments,
            &ExperimentRunner::cancel);
    m_experimentActions.append(m_cancelExperimentAction);

    m_runExperimentButton->setObjectName(QStringLiteral("runExperiment"));
    m_runExperimentButton->setText(tr("Run in All Modes"));
    m_runExperimentButton->setToolTip(
        tr("Run the experiment in each mode it compares, one after the other; the mode, pool "
           "size and blocking sleep come back afterwards"));
    connect(m_runExperimentButton, &QPushButton::clicked, this, [this] {
        runExperiment(ExperimentRunner::Kind(m_experimentChoice->currentData().toInt()));
    });

    m_experimentTable->setObjectName(QStringLiteral("experimentResults"));
    const QList<QPair<QString, QString>> headers = {
        {tr("Experiment"), tr("The experiment and the mode it ran in")},
        {tr("Wall time"), tr("From the first request sent to the last response, at the client")},
        {tr("p50"), tr("Median latency at the client")},
        {tr("p99"), tr("99th percentile latency at the client")},
        {tr("Longest wait"),
         tr("The longest a request waited in the server before a handler took it: unread in "
            "the kernel, for its turn or for a worker")},
    };
    for (int column = 0; column < ExperimentColumnCount; ++column) {
        auto *header = new QTableWidgetItem(headers.at(column).first);
        header->setToolTip(headers.at(column).second);
        m_experimentTable->setHorizontalHeaderItem(column, header);
    }
    m_experimentTable->verticalHeader()->hide();
    m_experimentTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_experimentTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_experimentTable->setWordWrap(false);
    QHeaderView *header = m_experimentTable->horizontalHeader();
    header->setSectionResizeMode(StepColumn, QHeaderView::Stretch);
    for (int column = WallColumn; column < ExperimentColumnCount; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setHighlightSections(false);
    fitRows(m_experimentTable, visibleTableRows);
    // A row for every mode of every experiment, so the table shows what there is to run.
    for (Kind kind : ExperimentRunner::kinds()) {
        for (DispatchMode mode : m_experiments->experiment(kind).modes)
            experimentRow(kind, mode);
    }
}

int BurstPanel::experimentRow(ExperimentRunner::Kind kind, DispatchMode mode)
{
    const int key = rowKey(kind, mode);
    for (int row = 0; row < m_experimentTable->rowCount(); ++row) {
        if (m_experimentTable->item(row, StepColumn)->data(Qt::UserRole).toInt() == key)
            return row;
    }
    const int row = m_experimentTable->rowCount();
    m_experimentTable->insertRow(row);
    const QString label
        = tr("%1: %2").arg(ExperimentRunner::name(kind), MonitorText::modeName(mode));
    auto *item = new QTableWidgetItem(label);
    item->setData(Qt::UserRole, key);
    // Whole in the tooltip, however narrow the column.
    item->setToolTip(tr("%1 in %2 mode: %3")
                         .arg(ExperimentRunner::name(kind), MonitorText::modeName(mode),
                              ExperimentRunner::description(m_experiments->experiment(kind))));
    m_experimentTable->setItem(row, StepColumn, item);
    for (int column = WallColumn; column < ExperimentColumnCount; ++column) {
        auto *cell = new QTableWidgetItem;
        cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_experimentTable->setItem(row, column, cell);
    }
    return row;
}

QAction *BurstPanel::experimentAction(ExperimentRunner::Kind kind) const
{
    return m_experimentActions.value(int(kind));
}

void BurstPanel::runExperiment(ExperimentRunner::Kind kind)
{
    if (isRunning() || !m_server->isRunning())
        return;
    // This kind's old numbers go, so none is mistaken for the new run's.
    for (DispatchMode mode : m_experiments->experiment(kind).modes) {
        const int row = experimentRow(kind, mode);
        for (int column = WallColumn; column < ExperimentColumnCount; ++column) {
            QTableWidgetItem *cell = m_experimentTable->item(row, column);
            cell->setText(QString());
            cell->setToolTip(QString());
            cell->setData(Qt::UserRole, QVariant());
        }
    }
    m_tabs->setCurrentWidget(m_experimentTable);
    // The window saves the server settings as it closes: the user's must be back by then.
    window()->installEventFilter(this); // once, however often installed
    m_experimentChoice->setCurrentIndex(m_experimentChoice->findData(int(kind)));
    if (!m_experiments->start(kind))
        m_summary->setText(tr("The experiment could not start: is the server listening?"));
    updateEnabled();
}

bool BurstPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Before the window's own closeEvent(), which saves the settings shown.
    if (event->type() == QEvent::Close && watched == window())
        m_experiments->cancel();
    return QWidget::eventFilter(watched, event);
}

void BurstPanel::onExperimentStep()
{
    m_progress->setRange(0, std::max(1, m_experiments->currentResult().experiment.count));
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_summary->setText(m_experiments->statusText());
    Q_EMIT statusMessage(m_experiments->statusText());
}

void BurstPanel::onExperimentFinished(const ExperimentRunner::Result &result)
{
    const auto setCell = [this](int row, int column, qint64 us, const QString &tip) {
        QTableWidgetItem *cell = m_experimentTable->item(row, column);
        cell->setText(us < 0 ? tr("—", "no value measured") : MonitorText::durationText(us));
        cell->setData(Qt::UserRole, us);
        cell->setToolTip(tip);
    };
    for (const ExperimentRunner::Step &step : result.steps) {
        const int row = experimentRow(result.experiment.kind, step.mode);
        const QString answered
            = tr("%1 answered, %2 failed")
                  .arg(QLocale().toString(step.succeeded), QLocale().toString(step.failed));
        setCell(row, WallColumn, step.wallUs, answered);
        if (step.failed > 0) {
            QTableWidgetItem *cell = m_experimentTable->item(row, WallColumn);
            cell->setText(cell->text() + QLatin1Char(' ')
                          + tr("(failed: %1)").arg(QLocale().toString(step.failed)));
        }
        setCell(row, P50Column, step.p50Us, answered);
        setCell(row, P99Column, step.p99Us, answered);
        setCell(row, LongestWaitColumn, step.longestWaitUs,
                step.waitsMeasured == 0
                    ? tr("The server's events for these requests did not arrive")
                    : tr("Measured by the server for %1 of %2 requests")
                          .arg(QLocale().toString(step.waitsMeasured),
                               QLocale().toString(step.succeeded)));
    }
    // The rows just measured in view (the table holds every experiment's rows), on their tab.
    if (!result.steps.isEmpty()) {
        const int first = experimentRow(result.experiment.kind, result.steps.constFirst().mode);
        const int last = experimentRow(result.experiment.kind, result.steps.constLast().mode);
        m_experimentTable->scrollToItem(m_experimentTable->item(last, StepColumn));
        m_experimentTable->scrollToItem(m_experimentTable->item(first, StepColumn));
    }
    m_summary->setText(result.sentence);
    updateEnabled();
    Q_EMIT statusMessage(result.sentence);
    Q_EMIT experimentFinished(result);
}

int BurstPanel::count() const
{
    return m_count->value();
}

void BurstPanel::setCount(int count)
{
    m_count->setValue(count);
}

QString BurstPanel::route() const
{
    return m_route->currentData().toString();
}

void BurstPanel::setRoute(const QString &route)
{
    const int index = m_route->findData(route);
    if (index >= 0)
        m_route->setCurrentIndex(index);
}

int BurstPanel::concurrency() const
{
    return m_concurrency->value();
}

void BurstPanel::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

int BurstPanel::durationMs() const
{
    return m_duration->value();
}

void BurstPanel::setDurationMs(int ms)
{
    m_duration->setValue(ms);
}

void BurstPanel::updateEnabled()
{
    // One at a time: a burst and an experiment on the same server would skew each other.
    const bool running = isRunning();
    const bool serverUp = m_server->isRunning() && m_server->port() != 0;
    m_runAction->setEnabled(serverUp && !running);
    m_runButton->setEnabled(m_runAction->isEnabled());
    m_cancelAction->setEnabled(running);
    m_cancelButton->setEnabled(running);
    for (QAction *action : std::as_const(m_experimentActions)) {
        if (!action->isSeparator())
            action->setEnabled(serverUp && !running);
    }
    m_cancelExperimentAction->setEnabled(m_experiments->isRunning());
    m_runExperimentButton->setEnabled(serverUp && !running);
    for (QWidget *input :
         {static_cast<QWidget *>(m_count), static_cast<QWidget *>(m_route),
          static_cast<QWidget *>(m_concurrency), static_cast<QWidget *>(m_experimentChoice)})
        input->setEnabled(!running);
    m_duration->setEnabled(!running && route() != QLatin1StringView("/"));
}

QUrl BurstPanel::burstUrl() const
{
    // A loopback address even for a wildcard bind (the runner refuses anything else).
    QUrl url = m_server->url();
    url.setPath(route());
    if (route() != QLatin1StringView("/") && durationMs() > 0) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("ms"), QString::number(durationMs()));
        url.setQuery(query);
    }
    return url;
}

QString BurstPanel::burstKey() const
{
    QString target = route();
    if (route() == QLatin1StringView("/sleep")) {
        const int ms = durationMs() > 0 ? durationMs() : m_server->sleepMs();
        target = m_server->isBlockingSleep() ? tr("/sleep %1 ms, blocking").arg(ms)
                                             : tr("/sleep %1 ms").arg(ms);
    } else if (route() == QLatin1StringView("/compute") && durationMs() > 0) {
        target = tr("/compute %1 ms").arg(durationMs());
    }
    return tr("%1 × %2, %3 at once").arg(count()).arg(target).arg(concurrency());
}

void BurstPanel::run()
{
    if (isRunning() || !m_server->isRunning())
        return;
    const QUrl url = burstUrl();
    const QString problem = BurstRunner::checkUrl(url);
    if (!problem.isEmpty()) {
        m_summary->setText(problem);
        return;
    }
    m_tabs->setCurrentWidget(m_table);
    m_runningKey = burstKey();
    m_runningMode = m_server->mode();
    m_modeChangedDuringRun = false;
    m_progress->setRange(0, count());
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_summary->setText(
        tr("Sending %1 in %2 mode…").arg(m_runningKey, MonitorText::modeName(m_runningMode)));
    m_runner->start(url, count(), concurrency());
    updateEnabled();
}

void BurstPanel::cancel()
{
    m_runner->cancel();
    m_experiments->cancel();
}

void BurstPanel::onProgress(int done, int total)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
}

void BurstPanel::onFinished(const BurstRunner::Result &result)
{
    m_lastResult = result;
    m_progress->setValue(result.succeeded + result.failed);
    updateEnabled();

    const QString mode = MonitorText::modeName(m_runningMode);
    if (!result.error.isEmpty()) {
        m_summary->setText(tr("The burst could not run: %1").arg(result.error));
        Q_EMIT burstFinished(result, m_runningMode);
        return;
    }
    QString summary
        = tr("%1 in %2 mode: %3 wall time. Latency p50 %4, p99 %5, min %6, max %7. "
             "%8 answered, %9 failed.")
              .arg(m_runningKey, mode, MonitorText::durationText(result.wallUs),
                   MonitorText::durationText(result.p50Us), MonitorText::durationText(result.p99Us),
                   MonitorText::durationText(result.minUs), MonitorText::durationText(result.maxUs))
              .arg(result.succeeded)
              .arg(result.failed);
    if (result.cancelled)
        summary += QLatin1Char(' ') + tr("Cancelled: not compared.");
    else if (m_modeChangedDuringRun)
        summary += QLatin1Char(' ') + tr("The mode changed during the burst: not compared.");
    m_summary->setText(summary);

    if (!result.cancelled && !m_modeChangedDuringRun) {
        int row = -1;
        for (int r = 0; r < m_table->rowCount(); ++r) {
            if (m_table->item(r, BurstColumn)->text() == m_runningKey) {
                row = r;
                break;
            }
        }
        if (row < 0) {
            if (m_table->rowCount() >= maxTableRows)
                m_table->removeRow(m_table->rowCount() - 1);
            m_table->insertRow(0); // the newest kind of burst on top
            row = 0;
            auto *label = new QTableWidgetItem(m_runningKey);
            label->setToolTip(m_runningKey); // whole, however narrow the column
            m_table->setItem(row, BurstColumn, label);
            for (int column = SequentialColumn; column < ColumnCount; ++column)
                m_table->setItem(row, column, new QTableWidgetItem());
        }
        QTableWidgetItem *cell = m_table->item(row, columnFor(m_runningMode));
        cell->setText(MonitorText::durationText(result.wallUs));
        cell->setData(Qt::UserRole, result.wallUs);
        cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        cell->setToolTip(tr("p50 %1, p99 %2, max %3; %4 answered, %5 failed")
                             .arg(MonitorText::durationText(result.p50Us),
                                  MonitorText::durationText(result.p99Us),
                                  MonitorText::durationText(result.maxUs))
                             .arg(result.succeeded)
                             .arg(result.failed));
        if (result.failed > 0)
            cell->setText(cell->text() + QLatin1Char(' ')
                          + tr("(failed: %1)").arg(QLocale().toString(result.failed)));
        Q_EMIT statusMessage(comparisonText(row));
    }
    Q_EMIT burstFinished(result, m_runningMode);
}

QString BurstPanel::comparisonText(int row) const
{
    if (row < 0 || row >= m_table->rowCount())
        return QString();
    QStringList parts;
    for (int column = SequentialColumn; column < ColumnCount; ++column) {
        const QTableWidgetItem *cell = m_table->item(row, column);
        if (cell && !cell->text().isEmpty())
            parts.append(
                tr("%1 %2").arg(m_table->horizontalHeaderItem(column)->text(), cell->text()));
    }
    return tr("%1: %2").arg(m_table->item(row, BurstColumn)->text(), parts.join(tr(", ")));
}
