#pragma once

#include "connectionstate.h"
#include "serverevent.h"
#include "vectortablemodel.h"

#include <QtCore/QHash>
#include <QtCore/QString>

#include <deque>
#include <vector>

/*!
    The live connections: one row per open connection, in the order they opened, updated in
    place (one coalesced dataChanged per batch). A closed connection stays for linger()
    milliseconds, shown as "closed", so a person can see it go; tick() removes it after that
    and refreshes the age column once a second.
*/
class ConnectionsModel : public VectorTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        PeerColumn,
        StateColumn,
        ThreadColumn,
        RequestsColumn,
        AgeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, //!< the cell's raw value (numbers as numbers)
        ConnectionIdRole, //!< quint64
        StateRole, //!< int(ConnectionState); Closed while lingering
        ThreadRole, //!< int, 0 = server thread, -1 = not known yet
        RequestsRole, //!< qint64 requests served
        OpenedMsRole, //!< qint64 wall clock ms
        AgeMsRole, //!< qint64
        IsClosedRole, //!< bool
    };
    Q_ENUM(Role)

    static constexpr int defaultLingerMs = 1500;
    /*!
        A removed connection's id is remembered this long, and at most this many, so that an
        event arriving after its row went (at most about a batch late) does not bring it back
        as a ghost row that never closes. Bounded both ways: churn at 20,000 connections a
        second must not grow it to millions (as a bound of 60 s did).
    */
    static constexpr qint64 rememberRemovedMs = 2000;
    static constexpr int maxRememberedRemovals = 65536;

    explicit ConnectionsModel(QObject *parent = nullptr);
    ~ConnectionsModel() override;

    int linger() const { return m_lingerMs; }
    void setLinger(int ms);

    /*! Applies ConnectionOpened/Closed, StateChanged, RequestStarted and RequestFinished. */
    void applyEvents(const ServerEventBatch &events);
    /*!
        Advances the clock to \a nowMs (wall clock ms): removes closed connections whose
        linger is over and, once per second, refreshes the age column with one dataChanged.
        Returns whether it changed anything (so an idle monitor need not repaint).
    */
    bool tick(qint64 nowMs);
    /*! Forgets every connection (e.g. a new server run, whose ids start again). */
    void clear();

    /*! Connections not closed (lingering rows excluded). */
    int openCount() const { return m_openCount; }
    /*! The row of connection \a id, or -1. */
    int rowOf(quint64 id) const;
    /*! How many removed connections are remembered now (see rememberRemovedMs). */
    int rememberedRemovalCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Connection
    {
        quint64 id = 0;
        QString peer;
        qint64 openedMs = 0;
        qint64 closedMs = 0; // valid when state == Closed
        qint64 requests = 0;
        quint16 peerPort = 0;
        int thread = 0;
        ConnectionState state = ConnectionState::Reading;
    };

    /*! The state \a event says (StateChanged, RequestQueued, RequestStarted), not Closed. */
    static void setState(Connection &connection, const ServerEvent &event);
    qint64 ageMs(const Connection &connection) const;
    void rebuildIndex(qsizetype from);
    void removeDoomedRows(const std::vector<bool> &doomed, qint64 nowMs);
    void forgetRow(const Connection &connection, qint64 nowMs);
    void forgetOldRemovals(qint64 nowMs);

    std::vector<Connection> m_rows;
    QHash<quint64, qsizetype> m_rowById;
    struct Removal
    {
        quint64 id = 0;
        qint64 timeMs = 0;
    };
    QHash<quint64, qint64> m_recentlyRemoved; // id -> removal time; late events never resurrect
    std::deque<Removal> m_removals; // the same, oldest first: forgotten from the front
    qint64 m_nowMs = 0;
    qint64 m_lastAgeRefreshMs = 0;
    int m_lingerMs = defaultLingerMs;
    int m_openCount = 0;
};
