#pragma once

#include "serverevent.h"
#include "vectortablemodel.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>

#include <vector>

/*!
    One row per sleeping request, from SleepStarted until SleepFinished or SleepCancelled,
    in the order the sleeps began. tick() refreshes the remaining time and progress of every
    row with a single dataChanged: one timer (MonitorFeed's) drives all rows.
*/
class PendingSleepsModel : public VectorTableModel
{
    Q_OBJECT

public:
    enum Column {
        ConnectionColumn,
        RequestColumn,
        TargetColumn,
        StartedColumn,
        DeadlineColumn,
        RemainingColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SortRole = Qt::UserRole + 1, //!< the cell's raw value (numbers as numbers)
        ProgressRole, //!< double 0..1, elapsed / planned duration (any column)
        RemainingMsRole, //!< qint64, never negative
        StartedMsRole, //!< qint64 wall clock ms
        DeadlineMsRole, //!< qint64 wall clock ms
        ConnectionIdRole, //!< quint64
        RequestIdRole, //!< quint64
    };
    Q_ENUM(Role)

    explicit PendingSleepsModel(QObject *parent = nullptr);
    ~PendingSleepsModel() override;

    /*!
        Applies SleepStarted/Finished/Cancelled (RequestFinished and ConnectionClosed also end
        a sleep, should its end event be lost). One insert per batch; removals by contiguous
        range, or, when sleeps end all over the table, one layout change and one removal.
    */
    void applyEvents(const ServerEventBatch &events);
    /*!
        Sets the clock to \a nowMs and refreshes remaining time and progress (one dataChanged).
        Returns whether it did, i.e. whether there are rows (so an idle monitor need not
        repaint).
    */
    bool tick(qint64 nowMs);
    void clear();

    qint64 nowMs() const { return m_nowMs; }
    /*! The row of request \a requestId, or -1. */
    int rowOf(quint64 requestId) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Sleep
    {
        quint64 connectionId = 0;
        quint64 requestId = 0;
        QByteArray target;
        qint64 startedMs = 0;
        qint64 deadlineMs = 0;
    };

    double progress(const Sleep &sleep) const;
    qint64 remainingMs(const Sleep &sleep) const;
    void removeDoomedRows(const std::vector<bool> &doomed);

    std::vector<Sleep> m_rows;
    QHash<quint64, qsizetype> m_rowByRequest;
    qint64 m_nowMs = 0;
};
