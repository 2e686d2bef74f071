#include "requestselection.h"

RequestSelection::RequestSelection(QObject *parent)
    : QObject(parent)
{ }

void RequestSelection::select(quint64 requestId)
{
    selectAll(requestId == 0 ? QList<quint64>() : QList<quint64> {requestId});
}

void RequestSelection::selectAll(const QList<quint64> &requestIds)
{
    QList<quint64> ids;
    QSet<quint64> set;
    ids.reserve(requestIds.size());
    for (quint64 id : requestIds) {
        if (id == 0 || set.contains(id))
            continue;
        set.insert(id);
        ids.append(id);
    }
    // Views echo a selection back when they apply it; that must not start another round.
    if (ids == m_ids)
        return;
    m_ids = std::move(ids);
    m_set = std::move(set);
    Q_EMIT selectionChanged();
}

void RequestSelection::clear()
{
    selectAll({});
}
