#pragma once

#include "dispatchmode.h"
#include "serverevent.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <vector>

/*!
    The request log: one row per finished request, oldest first, newest at the bottom, over a
    bounded ring buffer (default 10,000 rows). Each batch costs one insert (and at most one
    removal of the oldest rows), never a row-by-row update or a reset. totalCount() counts
    every request ever appended, not just the rows kept.
*/
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        PeerColumn,
        MethodColumn,
        TargetColumn,
        StatusColumn,
        BytesColumn,
        DurationColumn, //!< server-side total: from arrival to the response
        WaitedColumn, //!< unread in the kernel, then for a turn or a worker
        HandledColumn, //!< from a handler taking it to the response
        ThreadColumn,
        ModeColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        /*! The cell's raw value for sorting: qint64/int for numbers and times, QString for text. */
        SortRole = Qt::UserRole + 1,
        /*! The cell's untranslated value for CSV/JSON: ISO 8601 UTC time, English mode name,
            numbers as numbers (duration in microseconds). */
        ExportRole,
        /*! headerData(): the column's stable English key ("time", "durationUs", ...). */
        ExportKeyRole,
        TimeMsRole, //!< qint64, wall clock ms when the request finished (any column)
        StatusRole, //!< int
        StatusClassRole, //!< int, status / 100 (2 for 2xx), 0 when there is no status
        DurationUsRole, //!< qint64
        BytesRole, //!< qint64
        ThreadRole, //!< int, 0 = server thread
        ModeRole, //!< int(DispatchMode)
        RequestIdRole, //!< quint64
        ConnectionIdRole, //!< quint64
    };
    Q_ENUM(Role)

    /*! One kept request; compact, strings implicitly shared. */
    struct Entry
    {
        qint64 timeMs = 0;
        qint64 durationUs = 0;
        qint64 waitedUs = 0;
        qint64 handledUs = 0;
        qint64 bytes = 0;
        quint64 requestId = 0;
        quint64 connectionId = 0;
        QString peer;
        QByteArray method;
        QByteArray target;
        qint32 thread = 0;
        qint16 status = 0;
        quint16 peerPort = 0;
        DispatchMode mode = DispatchMode::Pooled;
        quint8 httpMinor = 1;
    };

    static constexpr int defaultCapacity = 10000;

    explicit RequestLogModel(QObject *parent = nullptr);
    ~RequestLogModel() override;

    /*! How many rows are kept at most; shrinking drops the oldest rows (one removal). */
    int capacity() const { return m_capacity; }
    void setCapacity(int rows);

    /*! Every request appended since construction or clear(), including evicted ones. */
    qint64 totalCount() const { return m_totalCount; }

    /*! Appends the RequestFinished events of \a events, ignoring every other type. */
    void appendEvents(const ServerEventBatch &events);
    /*! Empties the log and zeroes totalCount(). */
    void clear();

    /*! The kept request at \a row (0 = oldest); row must be valid. */
    const Entry &entry(int row) const;

    /*! All columns in display order, e.g. for LogExporter. */
    static QList<int> allColumns();
    /*!
        The stable English key of \a column ("time", "peer", ..., "durationUs", "waitedUs",
        "handledUs", "thread", "mode").
    */
    static QString columnKey(int column);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /*! After every batch that appended requests, and after clear(). */
    void totalCountChanged(qint64 total);

private:
    qsizetype physical(qsizetype row) const;
    void dropOldest(qsizetype count);
    void pushBack(Entry &&entry);

    std::vector<Entry> m_ring; // grows up to m_capacity, then wraps
    qsizetype m_head = 0; // physical index of row 0
    qsizetype m_count = 0;
    int m_capacity = defaultCapacity;
    qint64 m_totalCount = 0;
};
