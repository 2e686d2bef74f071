#pragma once

#include <QtWidgets/QStyledItemDelegate>

/*!
    Paints a cell as a progress bar: the fill from a 0..1 role of the model (e.g.
    PendingSleepsModel::ProgressRole), the text from the display role. The model's one timer
    drives every row; the delegate only paints what it is given.
*/
class ProgressBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProgressBarDelegate(int progressRole, QObject *parent = nullptr);

    int progressRole() const { return m_progressRole; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_progressRole;
};
