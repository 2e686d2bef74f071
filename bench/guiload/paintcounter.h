#pragma once

#include <QtCore/QEvent>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>

#include <utility>

class QWidget;

/*!
    Counts the events of one type (QEvent::Paint for a widget, QEvent::UpdateRequest for a
    top-level window's backing-store flushes) that reach each watched widget, through an
    event filter, so the widgets under test stay exactly as the product builds them.
*/
class PaintCounter : public QObject
{
    Q_OBJECT

public:
    struct Entry
    {
        QString name;
        QPointer<QWidget> widget;
        QEvent::Type type = QEvent::Paint;
        qint64 count = 0;
    };

    explicit PaintCounter(QObject *parent = nullptr);

    /*! Counts \a type events of \a widget under \a name. */
    void watch(QWidget *widget, const QString &name, QEvent::Type type = QEvent::Paint);
    /*! Also counts the Paint events of every widget of the application (a breakdown). */
    void setCountingAll(bool all);
    void reset();
    const QList<Entry> &entries() const { return m_entries; }
    /*! With setCountingAll(): the \a limit widgets that painted most, as (path, count). */
    QList<std::pair<QString, qint64>> topPainters(int limit) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    static QString pathOf(const QObject *object);

    QList<Entry> m_entries;
    struct Painter
    {
        QString path;
        qint64 count = 0;
    };
    QHash<QObject *, Painter> m_allPaints;
    bool m_countingAll = false;
};
