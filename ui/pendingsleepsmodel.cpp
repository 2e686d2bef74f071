#include "pendingsleepsmodel.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QSet>

#include <algorithm>

namespace {
// More contiguous ranges of rows to remove at once than this are removed with one layout
// change and one removal (see removeDoomedRows()).

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}
} // namespace

PendingSleepsModel::PendingSleepsModel(QObject *parent)
    : VectorTableModel(parent)
{ }

PendingSleepsModel::~PendingSleepsModel() = default;

double PendingSleepsModel::progress(const Sleep &sleep) const
{
    const qint64 planned = sleep.deadlineMs - sleep.startedMs;
    if (planned <= 0)
        return 1.0;
    return std::clamp(double(m_nowMs - sleep.startedMs) / double(planned), 0.0, 1.0);
}

qint64 PendingSleepsModel::remainingMs(const Sleep &sleep) const
{
    return std::max<qint64>(0, sleep.deadlineMs - m_nowMs);
}

int PendingSleepsModel::rowOf(quint64 requestId) const
{
    return int(m_rowByRequest.value(requestId, -1));
}

void PendingSleepsModel::removeDoomedRows(const std::vector<bool> &doomed)
{
    // Sleeps mostly end in the order they began (one range at the top), but mixed lengths
    // end all over the table.
    removeMarkedRows(
        m_rows, doomed, [this](const Sleep &row) { m_rowByRequest.remove(row.requestId); },
        [this](qsizetype first) {
            for (qsizetype row = first; row < qsizetype(m_rows.size()); ++row)
                m_rowByRequest.insert(m_rows[size_t(row)].requestId, row);
        });
}

void PendingSleepsModel::applyEvents(const ServerEventBatch &events)
{
    std::vector<Sleep> added; // started in this batch: one insert at the end
    std::vector<bool> addedEnded; // ...and already over again (never shown)
    QHash<quint64, size_t> addedByRequest;
    QSet<quint64> ended; // requests whose sleep ended (rows to remove)
    QSet<quint64> closedConnections;

    const auto endSleep = [&](quint64 requestId) {
        if (const auto it = addedByRequest.constFind(requestId); it != addedByRequest.cend())
            addedEnded[it.value()] = true;
        else if (m_rowByRequest.contains(requestId))
            ended.insert(requestId);
    };

    for (const ServerEvent &event : events) {
        m_nowMs = std::max(m_nowMs, event.timeMs);
        switch (event.type) {
        case ServerEvent::Type::RequestFinished:
            // A sleep whose end event was lost must not stay forever.
            endSleep(event.requestId);
            break;
        case ServerEvent::Type::SleepStarted: {
            if (m_rowByRequest.contains(event.requestId)
                || addedByRequest.contains(event.requestId)) {
                break;
            }
            Sleep sleep;
            sleep.connectionId = event.connectionId;
            sleep.requestId = event.requestId;
            sleep.target = event.target;
            sleep.deadlineMs = event.deadlineMs;
            sleep.startedMs
                = event.timeMs > 0 ? event.timeMs : event.deadlineMs - event.durationUs / 1000;
            addedByRequest.insert(sleep.requestId, added.size());
            added.push_back(std::move(sleep));
            addedEnded.push_back(false);
            break;
        }
        case ServerEvent::Type::SleepFinished:
        case ServerEvent::Type::SleepCancelled:
            endSleep(event.requestId);
            break;
        case ServerEvent::Type::ConnectionClosed:
            closedConnections.insert(event.connectionId);
            break;
        case ServerEvent::Type::ConnectionOpened:
        case ServerEvent::Type::RequestQueued:
        case ServerEvent::Type::RequestStarted:
        case ServerEvent::Type::StateChanged:
            break;
        }
    }

    // A closed connection takes its sleeps with it, even if their end event never came.
    if (!closedConnections.isEmpty()) {
        for (const Sleep &sleep : m_rows) {
            if (closedConnections.contains(sleep.connectionId))
                ended.insert(sleep.requestId);
        }
        for (size_t i = 0; i < added.size(); ++i) {
            if (closedConnections.contains(added[i].connectionId))
                addedEnded[i] = true;
        }
    }
    std::vector<Sleep> starting;
    for (size_t i = 0; i < added.size(); ++i) {
        if (!addedEnded[i])
            starting.push_back(std::move(added[i]));
    }

    if (!ended.isEmpty()) {
        std::vector<bool> doomed(m_rows.size(), false);
        for (size_t row = 0; row < m_rows.size(); ++row)
            doomed[row] = ended.contains(m_rows[row].requestId);
        removeDoomedRows(doomed);
    }

    if (!starting.empty()) {
        const qsizetype first = qsizetype(m_rows.size());
        beginInsertRows(QModelIndex(), int(first), int(first + qsizetype(starting.size()) - 1));
        for (Sleep &sleep : starting) {
            m_rowByRequest.insert(sleep.requestId, qsizetype(m_rows.size()));
            m_rows.push_back(std::move(sleep));
        }
        endInsertRows();
    }
}

bool PendingSleepsModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (m_rows.empty())
        return false;
    Q_EMIT dataChanged(index(0, RemainingColumn), index(int(m_rows.size()) - 1, RemainingColumn),
                       {Qt::DisplayRole, SortRole, ProgressRole, RemainingMsRole});
    return true;
}

void PendingSleepsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowByRequest.clear();
    endResetModel();
}

int PendingSleepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PendingSleepsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PendingSleepsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Sleep &sleep = m_rows[size_t(index.row())];
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case ConnectionColumn:
            return sleep.connectionId;
        case RequestColumn:
            return sleep.requestId;
        case TargetColumn:
            return QString::fromUtf8(sleep.target);
        case StartedColumn:
            return clockText(sleep.startedMs);
        case DeadlineColumn:
            return clockText(sleep.deadlineMs);
        case RemainingColumn:
            return tr("%1 s").arg(QLocale().toString(double(remainingMs(sleep)) / 1000.0, 'f', 1));
        case ColumnCount:
            break;
        }
        return QVariant();
    case Qt::TextAlignmentRole:
        switch (Column(column)) {
        case ConnectionColumn:
        case RequestColumn:
        case RemainingColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case SortRole:
        switch (Column(column)) {
        case ConnectionColumn:
            return sleep.connectionId;
        case RequestColumn:
            return sleep.requestId;
        case TargetColumn:
            return QString::fromUtf8(sleep.target);
        case StartedColumn:
            return sleep.startedMs;
        case DeadlineColumn:
            return sleep.deadlineMs;
        case RemainingColumn:
            return remainingMs(sleep);
        case ColumnCount:
            break;
        }
        return QVariant();
    case ProgressRole:
        return progress(sleep);
    case RemainingMsRole:
        return remainingMs(sleep);
    case StartedMsRole:
        return sleep.startedMs;
    case DeadlineMsRole:
        return sleep.deadlineMs;
    case ConnectionIdRole:
        return sleep.connectionId;
    case RequestIdRole:
        return sleep.requestId;
    default:
        return QVariant();
    }
}

QVariant PendingSleepsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount) {
        return VectorTableModel::headerData(section, orientation, role);
    }
    switch (Column(section)) {
    case ConnectionColumn:
        return tr("Connection");
    case RequestColumn:
        return tr("Request");
    case TargetColumn:
        return tr("Target");
    case StartedColumn:
        return tr("Started");
    case DeadlineColumn:
        return tr("Deadline");
    case RemainingColumn:
        return tr("Remaining");
    case ColumnCount:
        break;
    }
    return QVariant();
}

#include "moc_pendingsleepsmodel.cpp"
