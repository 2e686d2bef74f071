#pragma once

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QSet>

/*!
    The requests the person picked, shared by every view that shows requests (the log, the
    timeline, the waterfall): selecting one in any of them highlights it in the others. A
    diagnostic selects all the requests it names at once. Holds ids only, so a request that
    has left one view (the timeline keeps a minute, the log more) stays selected in the rest.
*/
class RequestSelection : public QObject
{
    Q_OBJECT

public:
    explicit RequestSelection(QObject *parent = nullptr);

    /*! The selected ids, in the order given; the first is current(). */
    const QList<quint64> &ids() const { return m_ids; }
    /*! The one to scroll to: the request picked, or the first of a group (0 = none). */
    quint64 current() const { return m_ids.isEmpty() ? 0 : m_ids.constFirst(); }
    bool contains(quint64 requestId) const { return m_set.contains(requestId); }
    bool isEmpty() const { return m_ids.isEmpty(); }

    /*! Selects just \a requestId (0 clears). */
    void select(quint64 requestId);
    /*! Selects \a requestIds (duplicates and 0 dropped); the first becomes current(). */
    void selectAll(const QList<quint64> &requestIds);
    void clear();

Q_SIGNALS:
    /*! The selection is now something else; never emitted for a selection that stayed. */
    void selectionChanged();

private:
    QList<quint64> m_ids;
    QSet<quint64> m_set;
};
