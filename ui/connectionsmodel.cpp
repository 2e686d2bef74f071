#include "connectionsmodel.h"

#include "monitortext.h"

#include <algorithm>
#include <limits>

namespace {
// More contiguous ranges of rows to remove at once than this are removed with one layout
// change and one removal (see removeDoomedRows()).
} // namespace

ConnectionsModel::ConnectionsModel(QObject *parent)
    : VectorTableModel(parent)
{ }

ConnectionsModel::~ConnectionsModel() = default;

void ConnectionsModel::setLinger(int ms)
{
    m_lingerMs = std::max(0, ms);
}

qint64 ConnectionsModel::ageMs(const Connection &connection) const
{
    const qint64 end = connection.state == ConnectionState::Closed ? connection.closedMs : m_nowMs;
    return std::max<qint64>(0, end - connection.openedMs);
}

void ConnectionsModel::rebuildIndex(qsizetype from)
{
    for (qsizetype row = from; row < qsizetype(m_rows.size()); ++row)
        m_rowById.insert(m_rows[size_t(row)].id, row);
}

void ConnectionsModel::forgetRow(const Connection &connection, qint64 nowMs)
{
    m_rowById.remove(connection.id);
    m_recentlyRemoved.insert(connection.id, nowMs);
    m_removals.push_back({connection.id, nowMs});
}

void ConnectionsModel::removeDoomedRows(const std::vector<bool> &doomed, qint64 nowMs)
{
    // Connections mostly close in the order they opened: usually one range, or a few.
    removeMarkedRows(
        m_rows, doomed, [this, nowMs](const Connection &row) { forgetRow(row, nowMs); },
        [this](qsizetype first) { rebuildIndex(first); });
}

int ConnectionsModel::rememberedRemovalCount() const
{
    return int(m_removals.size());
}

void ConnectionsModel::forgetOldRemovals(qint64 nowMs)
{
    // Oldest first, so this costs what it forgets, not what it remembers. A removal stamped
    // after nowMs means the wall clock stepped back: it goes too, rather than stay for as long
    // as the clock needs to catch up.
    while (!m_removals.empty()) {
        const Removal &oldest = m_removals.front();
        if (qsizetype(m_removals.size()) <= maxRememberedRemovals
            && oldest.timeMs >= nowMs - rememberRemovedMs && oldest.timeMs <= nowMs) {
            break;
        }
        // The id may have opened again (and been removed again) since: only this removal goes.
        if (const auto it = m_recentlyRemoved.constFind(oldest.id);
            it != m_recentlyRemoved.cend() && it.value() == oldest.timeMs) {
            m_recentlyRemoved.erase(it);
        }
        m_removals.pop_front();
    }
}

int ConnectionsModel::rowOf(quint64 id) const
{
    return int(m_rowById.value(id, -1));
}

void ConnectionsModel::setState(Connection &connection, const ServerEvent &event)
{
    connection.state = event.state;
    // The thread that handles (or last handled) its request, as the log says; a sleep parked
    // on a timer is held by none. Queued, reading and writing say nothing about who handled it.
    if (event.state == ConnectionState::Handling || event.state == ConnectionState::Sleeping)
        connection.thread = event.thread;
}

void ConnectionsModel::applyEvents(const ServerEventBatch &events)
{
    std::vector<Connection> added; // opened during this batch: one insert at the end
    QHash<quint64, qsizetype> addedById;
    qsizetype firstChanged = std::numeric_limits<qsizetype>::max();
    qsizetype lastChanged = -1;

    // The connection an event is about; created when it opened before we listened.
    const auto find = [&](const ServerEvent &event, bool create) -> Connection * {
        if (const auto it = m_rowById.constFind(event.connectionId); it != m_rowById.cend()) {
            firstChanged = std::min(firstChanged, it.value());
            lastChanged = std::max(lastChanged, it.value());
            return &m_rows[size_t(it.value())];
        }
        if (const auto it = addedById.constFind(event.connectionId); it != addedById.cend())
            return &added[size_t(it.value())];
        if (!create)
            return nullptr;
        Connection connection;
        connection.id = event.connectionId;
        connection.openedMs = event.timeMs;
        addedById.insert(connection.id, qsizetype(added.size()));
        added.push_back(connection);
        ++m_openCount;
        return &added.back();
    };
    const auto close = [&](Connection *connection, qint64 timeMs) {
        if (connection->state == ConnectionState::Closed)
            return;
        connection->state = ConnectionState::Closed;
        connection->closedMs = timeMs > 0 ? timeMs : m_nowMs;
        --m_openCount;
    };

    for (const ServerEvent &event : events) {
        m_nowMs = std::max(m_nowMs, event.timeMs);
        switch (event.type) {
        case ServerEvent::Type::ConnectionOpened: {
            // A fresh open is a new connection even if an old one had this id.
            m_recentlyRemoved.remove(event.connectionId);
            Connection *connection = find(event, true);
            if (connection->state == ConnectionState::Closed)
                break;
            connection->peer = event.peer;
            connection->peerPort = event.peerPort;
            connection->openedMs = event.timeMs;
            connection->thread = 0;
            break;
        }
        case ServerEvent::Type::ConnectionClosed:
            if (Connection *connection = find(event, false))
                close(connection, event.timeMs);
            break;
        case ServerEvent::Type::StateChanged: {
            if (m_recentlyRemoved.contains(event.connectionId))
                break;
            Connection *connection = find(event, event.state != ConnectionState::Closed);
            if (!connection || connection->state == ConnectionState::Closed)
                break;
            if (event.state == ConnectionState::Closed)
                close(connection, event.timeMs);
            else
                setState(*connection, event);
            break;
        }
        case ServerEvent::Type::RequestQueued:
        case ServerEvent::Type::RequestStarted:
        case ServerEvent::Type::RequestFinished: {
            if (m_recentlyRemoved.contains(event.connectionId))
                break;
            Connection *connection = find(event, true);
            if (connection->peer.isEmpty() && !event.peer.isEmpty())
                connection->peer = event.peer;
            if (event.type == ServerEvent::Type::RequestFinished) {
                ++connection->requests;
                // The thread that handled it, when its start was not told (a quick handler's
                // is dropped: its RequestFinished says it all). Not over a handler that is
                // running now (the next pipelined request), nor after a parked sleep.
                if (connection->state != ConnectionState::Handling
                    && connection->state != ConnectionState::Sleeping
                    && connection->state != ConnectionState::Closed)
                    connection->thread = event.thread;
                // Where it went once answered, when the event tells.
                if (ServerEvent::isToldByFinished(event.state)
                    && connection->state != ConnectionState::Closed)
                    connection->state = event.state;
            } else if (connection->state != ConnectionState::Closed) {
                setState(*connection, event);
            }
            break;
        }
        case ServerEvent::Type::SleepStarted:
        case ServerEvent::Type::SleepFinished:
        case ServerEvent::Type::SleepCancelled:
            break;
        }
    }

    if (lastChanged >= 0) {
        Q_EMIT dataChanged(index(int(firstChanged), 0), index(int(lastChanged), ColumnCount - 1));
    }
    if (!added.empty()) {
        const qsizetype first = qsizetype(m_rows.size());
        beginInsertRows(QModelIndex(), int(first), int(first + qsizetype(added.size()) - 1));
        for (Connection &connection : added)
            m_rows.push_back(std::move(connection));
        rebuildIndex(first);
        endInsertRows();
    }
}

bool ConnectionsModel::tick(qint64 nowMs)
{
    m_nowMs = nowMs;

    // Remove lingering rows whose moment is over.
    std::vector<bool> doomed(m_rows.size(), false);
    bool anyDoomed = false;
    for (size_t row = 0; row < m_rows.size(); ++row) {
        const Connection &connection = m_rows[row];
        doomed[row] = connection.state == ConnectionState::Closed
            && connection.closedMs + m_lingerMs <= nowMs;
        anyDoomed = anyDoomed || doomed[row];
    }
    if (anyDoomed)
        removeDoomedRows(doomed, nowMs);
    forgetOldRemovals(nowMs);

    if (!m_rows.empty() && (nowMs - m_lastAgeRefreshMs >= 1000 || nowMs < m_lastAgeRefreshMs)) {
        m_lastAgeRefreshMs = nowMs;
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn),
                           {Qt::DisplayRole, SortRole, AgeMsRole});
        return true;
    }
    return anyDoomed;
}

void ConnectionsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_recentlyRemoved.clear();
    m_removals.clear();
    m_openCount = 0;
    endResetModel();
}

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const Connection &connection = m_rows[size_t(index.row())];
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case IdColumn:
            return connection.id;
        case PeerColumn:
            return MonitorText::peerText(connection.peer, connection.peerPort);
        case StateColumn:
            return MonitorText::stateName(connection.state);
        case ThreadColumn:
            return MonitorText::threadName(connection.thread);
        case RequestsColumn:
            return connection.requests;
        case AgeColumn:
            return MonitorText::secondsText(ageMs(connection));
        case ColumnCount:
            break;
        }
        return QVariant();
    case Qt::TextAlignmentRole:
        switch (Column(column)) {
        case IdColumn:
        case RequestsColumn:
        case AgeColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case SortRole:
        switch (Column(column)) {
        case IdColumn:
            return connection.id;
        case PeerColumn:
            return MonitorText::peerText(connection.peer, connection.peerPort);
        case StateColumn:
            return int(connection.state);
        case ThreadColumn:
            return connection.thread;
        case RequestsColumn:
            return connection.requests;
        case AgeColumn:
            return ageMs(connection);
        case ColumnCount:
            break;
        }
        return QVariant();
    case ConnectionIdRole:
        return connection.id;
    case StateRole:
        return int(connection.state);
    case ThreadRole:
        return connection.thread;
    case RequestsRole:
        return connection.requests;
    case OpenedMsRole:
        return connection.openedMs;
    case AgeMsRole:
        return ageMs(connection);
    case IsClosedRole:
        return connection.state == ConnectionState::Closed;
    default:
        return QVariant();
    }
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount) {
        return VectorTableModel::headerData(section, orientation, role);
    }
    switch (Column(section)) {
    case IdColumn:
        return tr("Id");
    case PeerColumn:
        return tr("Peer");
    case StateColumn:
        return tr("State");
    case ThreadColumn:
        return tr("Thread");
    case RequestsColumn:
        return tr("Requests");
    case AgeColumn:
        return tr("Age");
    case ColumnCount:
        break;
    }
    return QVariant();
}

#include "moc_connectionsmodel.cpp"
