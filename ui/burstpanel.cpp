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
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // Room for several kinds of burst at once, so results can be compared without scrolling.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + visibleTableRows * m_table->verticalHeader()->defaultSectionSize()
                              + 2 * m_table->frameWidth());

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

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);

    connect(m_runner, &BurstRunner::progressChanged, this, &BurstPanel::onProgress);
    connect(m_runner, &BurstRunner::finished, this, &BurstPanel::onFinished);
    connect(m_server, &Server::started, this, &BurstPanel::updateEnabled);
    connect(m_server, &Server::stopped, this, &BurstPanel::updateEnabled);
    connect(m_server, &Server::startFailed, this, &BurstPanel::updateEnabled);
    connect(m_server, &Server::modeChanged, this, [this] {
        if (m_runner->isRunning())
            m_modeChangedDuringRun = true;
    });
    updateEnabled();
}

BurstPanel::~BurstPanel() = default;

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
    const bool running = m_runner->isRunning();
    const bool serverUp = m_server->isRunning() && m_server->port() != 0;
    m_runAction->setEnabled(serverUp && !running);
    m_runButton->setEnabled(m_runAction->isEnabled());
    m_cancelAction->setEnabled(running);
    m_cancelButton->setEnabled(running);
    for (QWidget *input : {static_cast<QWidget *>(m_count), static_cast<QWidget *>(m_route),
                           static_cast<QWidget *>(m_concurrency)})
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
    if (m_runner->isRunning() || !m_server->isRunning())
        return;
    const QUrl url = burstUrl();
    const QString problem = BurstRunner::checkUrl(url);
    if (!problem.isEmpty()) {
        m_summary->setText(problem);
        return;
    }
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
