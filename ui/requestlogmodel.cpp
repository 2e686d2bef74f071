#include "requestlogmodel.h"

#include "monitortext.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>

#include <algorithm>

RequestLogModel::RequestLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

RequestLogModel::~RequestLogModel() = default;

qsizetype RequestLogModel::physical(qsizetype row) const
{
    return (m_head + row) % qsizetype(m_ring.size());
}

const RequestLogModel::Entry &RequestLogModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && row < m_count);
    return m_ring[size_t(physical(row))];
}

void RequestLogModel::dropOldest(qsizetype count)
{
    // Release the strings at once: memory stays bounded by what is shown.
    for (qsizetype i = 0; i < count; ++i)
        m_ring[size_t(physical(i))] = Entry();
    m_head = m_ring.empty() ? 0 : (m_head + count) % qsizetype(m_ring.size());
    m_count -= count;
    if (m_count == 0)
        m_head = 0;
}

void RequestLogModel::pushBack(Entry &&entry)
{
    if (m_count < qsizetype(m_ring.size())) {
        m_ring[size_t(physical(m_count))] = std::move(entry);
    } else {
        // Full but still below capacity: make the ring linear once, then grow at the end.
        if (m_head != 0) {
            std::rotate(m_ring.begin(), m_ring.begin() + m_head, m_ring.end());
            m_head = 0;
        }
        m_ring.push_back(std::move(entry));
    }
    ++m_count;
}

void RequestLogModel::appendEvents(const ServerEventBatch &events)
{
    qsizetype finished = 0;
    for (const ServerEvent &event : events) {
        if (event.type == ServerEvent::Type::RequestFinished)
            ++finished;
    }
    if (finished == 0)
        return;

    // A batch larger than the capacity keeps only its newest requests.
    const qsizetype incoming = std::min<qsizetype>(finished, m_capacity);
    qsizetype skip = finished - incoming;
    const qsizetype evict = std::max<qsizetype>(0, m_count + incoming - m_capacity);
    if (evict > 0) {
        beginRemoveRows(QModelIndex(), 0, int(evict - 1));
        dropOldest(evict);
        endRemoveRows();
    }

    beginInsertRows(QModelIndex(), int(m_count), int(m_count + incoming - 1));
    const Entry *previous = nullptr;
    for (const ServerEvent &event : events) {
        if (event.type != ServerEvent::Type::RequestFinished)
            continue;
        if (skip > 0) {
            --skip;
            continue;
        }
        Entry row;
        row.timeMs = event.timeMs;
        row.durationUs = event.durationUs;
        // Without phases (an event from before they existed) it all counts as handling.
        row.waitedUs = event.phases.doneUs > 0 ? event.phases.waitedUs() : 0;
        row.handledUs = event.phases.doneUs > 0 ? event.phases.handledUs() : event.durationUs;
        row.bytes = event.bytesSent;
        row.requestId = event.requestId;
        row.connectionId = event.connectionId;
        // Share the strings of the previous row when they repeat (they usually do).
        row.peer = previous && previous->peer == event.peer ? previous->peer : event.peer;
        row.method = previous && previous->method == event.method ? previous->method : event.method;
        row.target = event.target;
        row.thread = event.thread;
        row.status = qint16(std::clamp(event.status, 0, 999));
        row.peerPort = event.peerPort;
        row.mode = event.mode;
        row.httpMinor = event.httpMinor;
        pushBack(std::move(row));
        previous = &entry(int(m_count - 1));
    }
    endInsertRows();

    m_totalCount += finished;
    Q_EMIT totalCountChanged(m_totalCount);
}

void RequestLogModel::setCapacity(int rows)
{
    rows = std::max(1, rows);
    if (rows == m_capacity)
        return;
    if (m_count > rows) {
        beginRemoveRows(QModelIndex(), 0, int(m_count - rows - 1));
        dropOldest(m_count - rows);
        endRemoveRows();
    }
    // Re-pack linearly, so the ring never holds more than the new capacity.
    std::vector<Entry> packed;
    packed.reserve(size_t(m_count));
    for (qsizetype row = 0; row < m_count; ++row)
        packed.push_back(std::move(m_ring[size_t(physical(row))]));
    m_ring.swap(packed);
    m_head = 0;
    m_capacity = rows;
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_ring.clear();
    m_ring.shrink_to_fit();
    m_head = 0;
    m_count = 0;
    m_totalCount = 0;
    endResetModel();
    Q_EMIT totalCountChanged(m_totalCount);
}

QList<int> RequestLogModel::allColumns()
{
    QList<int> columns;
    for (int column = 0; column < ColumnCount; ++column)
        columns.append(column);
    return columns;
}

QString RequestLogModel::columnKey(int column)
{
    switch (Column(column)) {
    case TimeColumn:
        return QStringLiteral("time");
    case PeerColumn:
        return QStringLiteral("peer");
    case MethodColumn:
        return QStringLiteral("method");
    case TargetColumn:
        return QStringLiteral("target");
    case StatusColumn:
        return QStringLiteral("status");
    case BytesColumn:
        return QStringLiteral("bytes");
    case DurationColumn:
        return QStringLiteral("durationUs");
    case WaitedColumn:
        return QStringLiteral("waitedUs");
    case HandledColumn:
        return QStringLiteral("handledUs");
    case ThreadColumn:
        return QStringLiteral("thread");
    case ModeColumn:
        return QStringLiteral("mode");
    case ColumnCount:
        break;
    }
    return QString();
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_count);
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Entry &row = entry(index.row());
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(row.timeMs)
                .toString(QStringLiteral("HH:mm:ss.zzz"));
        case PeerColumn:
            return MonitorText::peerText(row.peer, row.peerPort);
        case MethodColumn:
            return QString::fromLatin1(row.method);
        case TargetColumn:
            return QString::fromUtf8(row.target);
        case StatusColumn:
            return int(row.status);
        case BytesColumn:
            return row.bytes;
        case DurationColumn:
            return MonitorText::durationText(row.durationUs);
        case WaitedColumn:
            return MonitorText::durationText(row.waitedUs);
        case HandledColumn:
            return MonitorText::durationText(row.handledUs);
        case ThreadColumn:
            return MonitorText::threadName(row.thread);
        case ModeColumn:
            return MonitorText::modeName(row.mode);
        case ColumnCount:
            break;
        }
        return QVariant();
    case Qt::ToolTipRole:
        switch (Column(column)) {
        case TimeColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.timeMs),
                                      QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
        case TargetColumn:
            return QString::fromUtf8(row.target);
        case DurationColumn:
            return tr("%1 µs from arrival to the response: waited %2, handled %3")
                .arg(QLocale().toString(row.durationUs), MonitorText::durationText(row.waitedUs),
                     MonitorText::durationText(row.handledUs));
        case WaitedColumn:
            return tr("%1 µs unread in the kernel or waiting for a turn or a worker")
                .arg(QLocale().toString(row.waitedUs));
        case HandledColumn:
            return tr("%1 µs from a handler taking it to the response")
                .arg(QLocale().toString(row.handledUs));
        default:
            return QVariant();
        }
    case Qt::TextAlignmentRole:
        switch (Column(column)) {
        case StatusColumn:
        case BytesColumn:
        case DurationColumn:
        case WaitedColumn:
        case HandledColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case ExportRole:
        // Export writes what sorting compares, except a readable time and the mode's name.
        if (column == TimeColumn)
            return QDateTime::fromMSecsSinceEpoch(row.timeMs, Qt::UTC).toString(Qt::ISODateWithMs);
        if (column == ModeColumn)
            return QString(dispatchModeName(row.mode));
        if (column == PeerColumn) // with its port, as shown: it tells the connection apart
            return MonitorText::peerText(row.peer, row.peerPort);
        [[fallthrough]];
    case SortRole:
        switch (Column(column)) {
        case TimeColumn:
            return row.timeMs;
        case PeerColumn:
            return row.peer;
        case MethodColumn:
            return QString::fromLatin1(row.method);
        case TargetColumn:
            return QString::fromUtf8(row.target);
        case StatusColumn:
            return int(row.status);
        case BytesColumn:
            return row.bytes;
        case DurationColumn:
            return row.durationUs;
        case WaitedColumn:
            return row.waitedUs;
        case HandledColumn:
            return row.handledUs;
        case ThreadColumn:
            return row.thread;
        case ModeColumn:
            return int(row.mode);
        case ColumnCount:
            break;
        }
        return QVariant();
    case TimeMsRole:
        return row.timeMs;
    case StatusRole:
        return int(row.status);
    case StatusClassRole:
        return row.status > 0 ? row.status / 100 : 0;
    case DurationUsRole:
        return row.durationUs;
    case BytesRole:
        return row.bytes;
    case ThreadRole:
        return row.thread;
    case ModeRole:
        return int(row.mode);
    case RequestIdRole:
        return row.requestId;
    case ConnectionIdRole:
        return row.connectionId;
    default:
        return QVariant();
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == ExportKeyRole)
        return columnKey(section);
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case PeerColumn:
        return tr("Peer");
    case MethodColumn:
        return tr("Method");
    case TargetColumn:
        return tr("Target");
    case StatusColumn:
        return tr("Status");
    case BytesColumn:
        return tr("Bytes");
    case DurationColumn:
        return tr("Duration");
    case WaitedColumn:
        return tr("Waited");
    case HandledColumn:
        return tr("Handled");
    case ThreadColumn:
        return tr("Thread");
    case ModeColumn:
        return tr("Mode");
    case ColumnCount:
        break;
    }
    return QVariant();
}

#include "moc_requestlogmodel.cpp"
