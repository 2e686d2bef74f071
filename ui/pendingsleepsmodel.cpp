#include "pendingsleepsmodel.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QSet>

#include <algorithm>

namespace {
// More contiguous ranges of rows to remove at once than this are removed with one layout
// change and one removal (see removeDoomedRows()).
constexpr int maxRemovalRanges = 8;

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}
} // namespace

PendingSleepsModel::PendingSleepsModel(QObject *parent)
    : QAbstractTableModel(parent)
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
    const qsizetype count = qsizetype(m_rows.size());
    qsizetype firstDoomed = -1;
    int ranges = 0;
    for (qsizetype row = 0; row < count; ++row) {
        if (!doomed[size_t(row)])
            continue;
        if (firstDoomed < 0)
            firstDoomed = row;
        if (row == 0 || !doomed[size_t(row - 1)])
            ++ranges;
    }
    if (firstDoomed < 0)
        return;

    if (ranges <= maxRemovalRanges) {
        // Sleeps mostly end in the order they began, so this is usually one range at the top.
        // One removal per range, from the bottom up so the rows above keep their numbers; each
        // costs O(rows), and there are few of them.
        for (qsizetype last = count - 1; last >= 0; --last) {
            if (!doomed[size_t(last)])
                continue;
            qsizetype first = last;
            while (first > 0 && doomed[size_t(first - 1)])
                --first;
            beginRemoveRows(QModelIndex(), int(first), int(last));
            for (qsizetype row = first; row <= last; ++row)
                m_rowByRequest.remove(m_rows[size_t(row)].requestId);
            m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
            for (qsizetype row = first; row < qsizetype(m_rows.size()); ++row)
                m_rowByRequest.insert(m_rows[size_t(row)].requestId, row);
            endRemoveRows();
            last = first;
        }
        return;
    }

    // Many ranges (sleeps of mixed lengths ending all over the table): one removal per range
    // would cost O(ranges x rows) here and as much again in every view. Instead the rows that
    // stay move up in one layout change, keeping their order, and the ended ones, now at the
    // bottom, go in one removal.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    std::vector<int> newRow(static_cast<size_t>(count));
    std::vector<Sleep> reordered;
    reordered.reserve(size_t(count));
    for (const bool wanted : {false, true}) {
        for (qsizetype row = 0; row < count; ++row) {
            if (doomed[size_t(row)] != wanted)
                continue;
            newRow[size_t(row)] = int(reordered.size());
            reordered.push_back(std::move(m_rows[size_t(row)]));
        }
    }
    const qsizetype kept = count - qsizetype(std::count(doomed.cbegin(), doomed.cend(), true));
    m_rows = std::move(reordered);
    // Asked for after layoutAboutToBeChanged: views and proxies make their persistent indexes
    // in response to it.
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &old : from)
        to.append(index(newRow[size_t(old.row())], old.column()));
    changePersistentIndexList(from, to);
    for (qsizetype row = firstDoomed; row < count; ++row) // the rows above did not move
        m_rowByRequest.insert(m_rows[size_t(row)].requestId, row);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);

    beginRemoveRows(QModelIndex(), int(kept), int(count - 1));
    for (qsizetype row = kept; row < count; ++row)
        m_rowByRequest.remove(m_rows[size_t(row)].requestId);
    m_rows.erase(m_rows.begin() + kept, m_rows.end());
    endRemoveRows();
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
        return QAbstractTableModel::headerData(section, orientation, role);
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
