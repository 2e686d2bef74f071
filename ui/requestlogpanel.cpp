#include "requestlogpanel.h"

#include "cachedscrollbarstyle.h"
#include "counterlabel.h"
#include "exportlocation.h"
#include "gridtableview.h"
#include "harexporter.h"
#include "logexporter.h"
#include "plaintextdelegate.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "requestselection.h"
#include "wakeevent.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtCore/QSettings>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <memory>
#include <utility>

namespace {

QString capacityKey()
{
    return QStringLiteral("requestLog/capacity");
}

// At most this often a progress line in the status bar while an export is written.
constexpr int exportProgressIntervalMs = 250;

} // namespace

RequestLogPanel::RequestLogPanel(RequestLogModel *log, QWidget *parent)
    : QWidget(parent)
    , m_log(log)
    , m_filter(new RequestLogFilterModel(this))
    , m_view(new GridTableView(this))
    , m_filterEdit(new QLineEdit(this))
    , m_followBox(new QCheckBox(this))
    , m_counts(new QLabel(this))
    , m_filterTimer(new QTimer(this))
{
    m_filter->setSourceModel(log);
    // The size chosen last time, if any (RequestLogModel::defaultCapacity otherwise).
    const QVariant savedCapacity = QSettings().value(capacityKey());
    if (savedCapacity.isValid()) {
        m_log->setCapacity(
            std::clamp(savedCapacity.toInt(), int(minimumCapacity), int(maximumCapacity)));
    }

    m_filterEdit->setObjectName(QStringLiteral("logFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by peer, method or target (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setAccessibleName(tr("Request log filter"));
    // Each keystroke restarts the wait: a word typed over 200,000 rows filters once (one pass
    // over the log), not once per letter.
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(filterDelayMs);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, &RequestLogPanel::applyFilterText);

    m_findAction = new QAction(tr("&Find in Log"), this);
    m_findAction->setObjectName(QStringLiteral("findAction"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setStatusTip(tr("Filter the request log by peer, method or target"));
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });
    addAction(m_findAction);

    auto *toolRow = new QHBoxLayout;
    toolRow->addWidget(m_filterEdit, 1);

    struct Class
    {
        RequestLogFilterModel::StatusClass statusClass;
        QString text;
        QString toolTip;
        QString name;
    };
    const Class classes[] = {
        {RequestLogFilterModel::Status2xx, tr("2xx"),
         tr("Show requests answered with a 2xx status (success)"), QStringLiteral("status2xx")},
        {RequestLogFilterModel::Status3xx, tr("3xx"),
         tr("Show requests answered with a 3xx status (redirection)"), QStringLiteral("status3xx")},
        {RequestLogFilterModel::Status4xx, tr("4xx"),
         tr("Show requests answered with a 4xx status (client error)"),
         QStringLiteral("status4xx")},
        {RequestLogFilterModel::Status5xx, tr("5xx"),
         tr("Show requests answered with a 5xx status (server error)"),
         QStringLiteral("status5xx")},
        {RequestLogFilterModel::StatusOther, tr("Other"),
         tr("Show requests with any other status, or none"), QStringLiteral("statusOther")},
    };
    for (const Class &statusClass : classes) {
        auto *button = new QToolButton(this);
        button->setObjectName(statusClass.name);
        button->setText(statusClass.text);
        button->setCheckable(true);
        button->setChecked(true);
        button->setToolTip(statusClass.toolTip);
        const auto flag = statusClass.statusClass;
        connect(button, &QToolButton::toggled, this, [this, flag](bool on) {
            m_filter->setStatusClassEnabled(flag, on);
            refresh();
        });
        toolRow->addWidget(button);
    }

    m_followAction = new QAction(tr("Follow &Newest"), this);
    m_followAction->setObjectName(QStringLiteral("followAction"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_followAction->setStatusTip(tr("Keep the newest request in view, in arrival order; scrolling "
                                    "away or sorting by another column pauses the live view"));
    m_followBox->setObjectName(QStringLiteral("followNewest"));
    m_followBox->setText(tr("Follow newest"));
    m_followBox->setChecked(true);
    m_followBox->setToolTip(m_followAction->statusTip());
    connect(m_followBox, &QCheckBox::toggled, m_followAction, &QAction::setChecked);
    connect(m_followAction, &QAction::toggled, m_followBox, &QCheckBox::setChecked);
    connect(m_followAction, &QAction::toggled, this, [this](bool on) {
        if (!on)
            return;
        // The newest request is at an end only in arrival (or time) order: go back to it.
        if (!isArrivalOrder(m_view->horizontalHeader()->sortIndicatorSection()))
            m_view->sortByColumn(-1, Qt::AscendingOrder);
        scrollToNewest();
    });
    toolRow->addWidget(m_followBox);

    m_clearAction = new QAction(tr("C&lear Log"), this);
    m_clearAction->setObjectName(QStringLiteral("clearAction"));
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_clearAction->setStatusTip(tr("Forget every request in the log"));
    connect(m_clearAction, &QAction::triggered, this, [this] {
        m_log->clear();
        refresh();
    });
    auto *clearButton = new QToolButton(this);
    clearButton->setObjectName(QStringLiteral("clearLog"));
    clearButton->setDefaultAction(m_clearAction);
    clearButton->setText(tr("Clear"));
    toolRow->addWidget(clearButton);

    m_exportCsvAction = new QAction(tr("&Export Log as CSV…"), this);
    m_exportCsvAction->setObjectName(QStringLiteral("exportCsvAction"));
    m_exportCsvAction->setShortcut(QKeySequence::Save);
    m_exportCsvAction->setStatusTip(
        tr("Save the requests shown, as filtered and sorted, to a CSV file"));
    connect(m_exportCsvAction, &QAction::triggered, this,
            [this] { exportInteractively(ExportKind::Csv); });
    m_exportJsonAction = new QAction(tr("Export Log as &JSON…"), this);
    m_exportJsonAction->setObjectName(QStringLiteral("exportJsonAction"));
    // Not QKeySequence::SaveAs: outside GNOME, KDE and macOS that is empty, and Ctrl+Shift+S
    // did nothing.
    m_exportJsonAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_exportJsonAction->setStatusTip(
        tr("Save the requests shown, as filtered and sorted, to a JSON file"));
    connect(m_exportJsonAction, &QAction::triggered, this,
            [this] { exportInteractively(ExportKind::Json); });
    m_exportHarAction = new QAction(tr("Export Log as &HAR…"), this);
    m_exportHarAction->setObjectName(QStringLiteral("exportHarAction"));
    m_exportHarAction->setStatusTip(tr("Save the requests shown, as filtered and sorted, as an "
                                       "HTTP Archive for browser developer tools"));
    connect(m_exportHarAction, &QAction::triggered, this,
            [this] { exportInteractively(ExportKind::Har); });
    m_capacityAction = new QAction(tr("Requests to &Keep…"), this);
    m_capacityAction->setObjectName(QStringLiteral("capacityAction"));
    m_capacityAction->setStatusTip(
        tr("Choose how many requests the log keeps; the oldest leave first"));
    connect(m_capacityAction, &QAction::triggered, this, &RequestLogPanel::askForCapacity);
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(m_exportCsvAction);
    exportMenu->addAction(m_exportJsonAction);
    exportMenu->addAction(m_exportHarAction);
    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("exportLog"));
    exportButton->setText(tr("Export"));
    exportButton->setToolTip(tr("Save the requests shown to CSV (Ctrl+S) or JSON (Ctrl+Shift+S)"));
    exportButton->setMenu(exportMenu);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    toolRow->addWidget(exportButton);

    m_view->setObjectName(QStringLiteral("requestLogView"));
    m_view->setModel(m_filter);
    // Under load every visible row changes 30 times a second: paint cells the cheap way.
    m_view->setItemDelegate(new PlainTextDelegate(m_view));
    // Its bars are repainted on every batch though they rarely change (see the class).
    CachedScrollBarStyle::install(m_view);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicatorClearable(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // arrival order until the user picks a column
    // After the view's own connection: the rows are sorted when this runs.
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            &RequestLogPanel::onSortIndicatorChanged);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setObjectName(QStringLiteral("requestLogHeader"));
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int widths[RequestLogModel::ColumnCount] = {13, 20, 8, 28, 7, 9, 10, 12, 12};
    for (int column = 0; column < RequestLogModel::ColumnCount; ++column)
        m_view->setColumnWidth(column, widths[column] * digit);
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &RequestLogPanel::onScrolled);
    for (const auto rowsChanged :
         {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(m_filter, rowsChanged, this, [this] { m_rowsChanged = true; });
    }
    // Sorted by another column than Time, a batch comes as a layout change.
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] { m_rowsChanged = true; });

    m_counts->setObjectName(QStringLiteral("logCounts"));
    m_counts->setTextFormat(Qt::PlainText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(toolRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_counts);
    refresh();
}

RequestLogPanel::~RequestLogPanel()
{
    if (m_exportThread) {
        // The worker reports to this panel: stop it first. It looks between chunks of
        // LogExporter::snapshotChunkRows rows (milliseconds), and the file it was writing is
        // dropped (QSaveFile), so this wait is short.
        m_exportCancelled = true;
        m_exportThread->wait();
    }
}

void RequestLogPanel::applyFilterText()
{
    m_filter->setFilterText(m_filterEdit->text());
    refresh();
}

bool RequestLogPanel::isFollowing() const
{
    return m_followAction->isChecked();
}

void RequestLogPanel::setFollowing(bool follow)
{
    m_followAction->setChecked(follow);
}

void RequestLogPanel::refresh()
{
    const QLocale locale;
    CounterLabel::setText(
        m_counts,
        tr("%1 shown, %2 kept (at most %3), total %4")
            .arg(locale.toString(m_filter->rowCount()), locale.toString(m_log->rowCount()),
                 locale.toString(m_log->capacity()), locale.toString(m_log->totalCount())));
    if (isFollowing()) {
        scrollToNewest();
    } else if (m_rowsChanged) {
        // What scrollToNewest() does on the way: lay the rows out now, in this frame's repaint,
        // instead of in a repaint of its own from the view's deferred layout.
        m_view->doItemsLayout();
    }
    m_rowsChanged = false;
}

bool RequestLogPanel::isArrivalOrder(int column)
{
    // Time is arrival order as long as the clock runs forward; -1 is no column at all.
    return column < 0 || column == RequestLogModel::TimeColumn;
}

void RequestLogPanel::onSortIndicatorChanged(int column, Qt::SortOrder)
{
    // Sorted by duration, say, the newest request lands anywhere: there is nothing to follow.
    if (isArrivalOrder(column) || !isFollowing())
        return;
    setFollowing(false);
    Q_EMIT statusMessage(
        tr("Sorted by %1: live view paused; check \"Follow newest\" to return to arrival order")
            .arg(m_filter->headerData(column, Qt::Horizontal).toString()));
}

bool RequestLogPanel::newestAtTop() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    return header->sortIndicatorSection() == RequestLogModel::TimeColumn
        && header->sortIndicatorOrder() == Qt::DescendingOrder;
}

void RequestLogPanel::scrollToNewest()
{
    m_scrolling = true;
    if (newestAtTop())
        m_view->scrollToTop();
    else
        m_view->scrollToBottom();
    m_scrolling = false;
}

void RequestLogPanel::setSelection(RequestSelection *selection)
{
    m_selection = selection;
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RequestLogPanel::publishSelection);
    connect(selection, &RequestSelection::selectionChanged, this, &RequestLogPanel::applySelection);
}

void RequestLogPanel::publishSelection()
{
    if (m_syncingSelection || !m_selection)
        return;
    QList<quint64> ids;
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row()))
        ids.append(current.data(RequestLogModel::RequestIdRole).toULongLong());
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(row.data(RequestLogModel::RequestIdRole).toULongLong());
    m_syncingSelection = true;
    m_selection->selectAll(ids);
    m_syncingSelection = false;
}

void RequestLogPanel::applySelection()
{
    if (m_syncingSelection)
        return;
    // A scan of the kept rows (at most maximumCapacity), once per selection a person makes.
    QItemSelection rows;
    QModelIndex current;
    for (int row = 0; row < m_log->rowCount(); ++row) {
        const quint64 id = m_log->entry(row).requestId;
        if (!m_selection->contains(id))
            continue;
        const QModelIndex shown = m_filter->mapFromSource(m_log->index(row, 0));
        if (!shown.isValid())
            continue; // filtered out
        rows.select(shown, shown.siblingAtColumn(RequestLogModel::ColumnCount - 1));
        if (id == m_selection->current())
            current = shown;
    }
    m_syncingSelection = true;
    QItemSelectionModel *model = m_view->selectionModel();
    model->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (!rows.isEmpty()) {
        const QModelIndex target
            = current.isValid() ? current : QModelIndex(rows.first().topLeft());
        model->setCurrentIndex(target, QItemSelectionModel::NoUpdate);
        const bool newest = target.row() == (newestAtTop() ? 0 : m_filter->rowCount() - 1);
        if (isFollowing() && !newest) {
            setFollowing(false);
            Q_EMIT statusMessage(tr("Live view paused to show the selected request; check "
                                    "\"Follow newest\" to resume"));
        }
        m_scrolling = true;
        m_view->scrollTo(target, QAbstractItemView::PositionAtCenter);
        m_scrolling = false;
    }
    m_syncingSelection = false;
}

void RequestLogPanel::onScrolled(int value)
{
    if (m_scrolling || !isFollowing())
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    const bool atNewest = newestAtTop() ? value <= bar->minimum() : value >= bar->maximum();
    if (!atNewest) {
        setFollowing(false); // the user went to read something: pause the live view
        Q_EMIT statusMessage(tr("Live view paused; check \"Follow newest\" to resume"));
    }
}

QString RequestLogPanel::exportTo(const QString &fileName)
{
    return LogExporter::writeFile(LogExporter::formatForFileName(fileName), m_filter, fileName);
}

bool RequestLogPanel::startExport(const QString &fileName)
{
    if (m_exportThread)
        return false;
    // Plain copies of the rows shown, in order (15-35 ms for 200,000 rows): the log may
    // change, or be cleared, while they are written.
    std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(m_filter);
    if (!snapshot)
        return false;
    const qint64 rows = snapshot->size();
    const LogExporter::Format format = LogExporter::formatForFileName(fileName);
    const bool har = fileName.endsWith(QLatin1StringView(".har"), Qt::CaseInsensitive);
    const QUrl serverUrl = m_serverUrl;
    auto error = std::make_shared<QString>();
    m_exportCancelled = false;
    m_exportFileName = fileName;
    m_exportRows = rows;
    m_exportWritten.store(0, std::memory_order_relaxed);
    m_exportThread = QThread::create([this, format, har, serverUrl, fileName, rows, error,
                                      snapshot = std::move(*snapshot)]() mutable {
        QElapsedTimer sinceReport;
        sinceReport.start();
        const auto progress = [&](qsizetype written) {
            if (written == rows || sinceReport.elapsed() < exportProgressIntervalMs)
                return;
            sinceReport.restart();
            // To the GUI thread, where the panel lives (the destructor waits for this thread):
            // the count in an atomic, and a WakeEvent to show it.
            m_exportWritten.store(written, std::memory_order_release);
            WakeEvent::post(this);
        };
        *error = har
            ? HarExporter::writeFile(snapshot, serverUrl, fileName, &m_exportCancelled, progress)
            : LogExporter::writeFile(format, snapshot, fileName, &m_exportCancelled, progress);
        // Freed here, not on the GUI thread when the thread object goes (the log may have
        // let go of these rows meanwhile: 200,000 rows are milliseconds of frees).
        snapshot = LogExporter::Snapshot();
    });
    m_exportThread->setParent(this);
    m_exportThread->setObjectName(QStringLiteral("logExport"));
    connect(m_exportThread, &QThread::finished, this,
            [this, fileName, rows, error] { onExportFinished(fileName, rows, *error); });
    setExportActionsEnabled(false);
    Q_EMIT statusMessage(tr("Exporting %1 requests to %2…")
                             .arg(QLocale().toString(rows), QDir::toNativeSeparators(fileName)));
    m_exportThread->start();
    return true;
}

void RequestLogPanel::customEvent(QEvent *event)
{
    if (!WakeEvent::is(event)) {
        QWidget::customEvent(event);
        return;
    }
    // A late report of an export that ended meanwhile says nothing new.
    if (!m_exportThread)
        return;
    const QLocale locale;
    Q_EMIT statusMessage(tr("Exporting requests to %1: %2 of %3 written")
                             .arg(QDir::toNativeSeparators(m_exportFileName),
                                  locale.toString(m_exportWritten.load(std::memory_order_acquire)),
                                  locale.toString(m_exportRows)));
}

void RequestLogPanel::onExportFinished(const QString &fileName, qint64 rows, const QString &error)
{
    m_exportThread->deleteLater();
    m_exportThread = nullptr;
    setExportActionsEnabled(true);
    const bool interactive = std::exchange(m_exportInteractive, false);
    if (error.isEmpty()) {
        if (interactive)
            ExportLocation::remember(fileName);
        Q_EMIT statusMessage(
            tr("Requests exported to %1: %2")
                .arg(QDir::toNativeSeparators(fileName), QLocale().toString(rows)));
    }
    Q_EMIT exportFinished(fileName, rows, error);
    if (!error.isEmpty() && interactive) {
        QMessageBox::warning(
            this, tr("Export Failed"),
            tr("Could not write %1:\n%2").arg(QDir::toNativeSeparators(fileName), error));
    }
}

void RequestLogPanel::setCapacity(int rows)
{
    rows = std::clamp(rows, int(minimumCapacity), int(maximumCapacity));
    m_log->setCapacity(rows);
    QSettings().setValue(capacityKey(), rows);
    refresh();
}

void RequestLogPanel::askForCapacity()
{
    bool ok = false;
    const int rows = QInputDialog::getInt(
        this, tr("Request Log Size"),
        tr("Requests to keep in the log (%1 to %2); the oldest leave first:")
            .arg(QLocale().toString(minimumCapacity), QLocale().toString(maximumCapacity)),
        m_log->capacity(), minimumCapacity, maximumCapacity, 1000, &ok);
    if (!ok)
        return;
    setCapacity(rows);
    Q_EMIT statusMessage(
        tr("The request log keeps the last %1 requests").arg(QLocale().toString(rows)));
}

void RequestLogPanel::setExportActionsEnabled(bool enabled)
{
    for (QAction *action : {m_exportCsvAction, m_exportJsonAction, m_exportHarAction})
        action->setEnabled(enabled);
}

void RequestLogPanel::exportInteractively(ExportKind kind)
{
    const QString suffix = kind == ExportKind::Json ? QStringLiteral("json")
        : kind == ExportKind::Har                   ? QStringLiteral("har")
                                                    : QStringLiteral("csv");
    const QString suggested
        = ExportLocation::suggestedPath(QStringLiteral("servescope-log"), suffix);
    const QString filter = kind == ExportKind::Json ? tr("JSON files (*.json)")
        : kind == ExportKind::Har                   ? tr("HTTP Archive files (*.har)")
                                                    : tr("CSV files (*.csv)");
    const QString title = kind == ExportKind::Json ? tr("Export Log as JSON")
        : kind == ExportKind::Har                  ? tr("Export Log as HAR")
                                                   : tr("Export Log as CSV");
    QString fileName = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (fileName.isEmpty())
        return;
    fileName = ExportLocation::withSuffix(fileName, suffix);
    // The actions are off while an export runs, so this one starts.
    m_exportInteractive = startExport(fileName);
}
