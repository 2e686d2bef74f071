#pragma once

#include "dispatchmode.h"
#include "serverstats.h"

#include <QtWidgets/QWidget>

class QLabel;
class QTableView;
class PendingSleepsModel;

/*!
    The sleeping requests, each with a progress bar counting down to its deadline, and beside
    them the number of requests queued for a worker (in blocking-sleep mode the queue is
    where the "blocking inside an executor" mistake becomes visible).
*/
class PendingSleepsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PendingSleepsPanel(PendingSleepsModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    /*!
        Shows the counters of the latest sample, in \a mode's words: sequential mode queues
        requests for their turn on the server thread, pooled mode for a worker.
    */
    void refresh(const ServerStats::Snapshot &stats, DispatchMode mode);

private:
    PendingSleepsModel *m_model;
    QTableView *m_view;
    QLabel *m_summary;
};
