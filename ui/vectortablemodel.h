#pragma once

#include <QtCore/QAbstractTableModel>

#include <algorithm>
#include <vector>

/*!
    A table model whose rows live in a std::vector, with the one operation its subclasses
    (ConnectionsModel, PendingSleepsModel) share: removing any set of rows in one go, cheaply.
    A few ranges go one removal each, from the bottom up; many scattered ones (every other
    connection timing out, sleeps of mixed lengths ending) would cost O(ranges × rows) that way,
    here and in every view, so the rows that stay move up in one layout change (persistent
    indexes follow them) and the rest leave in one removal at the bottom.
*/
class VectorTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    //! Up to this many separate ranges are removed one by one.
    static constexpr int maxRemovalRanges = 8;

    /*!
        Removes the rows of \a rows marked in \a doomed (one flag per row). \a forget(row) runs
        for each row just before it leaves; \a reindex(first) after the rows from \a first on
        have moved, while the model is consistent again, to update a lookup from key to row.
    */
    template<typename Row, typename Forget, typename Reindex>
    void removeMarkedRows(std::vector<Row> &rows, const std::vector<bool> &doomed, Forget forget,
                          Reindex reindex)
    {
        const qsizetype count = qsizetype(rows.size());
        qsizetype firstDoomed = -1;
        int ranges = 0;
        for (qsizetype row = 0; row < count; ++row) {
            if (!doomed[size_t(row)])
                continue;
            if (firstDoomed < 0)
                firstDoomed = row;
            if (row == 0 || !doomed[size_t(row - 1)])
                ++ranges;
        }
        if (firstDoomed < 0)
            return;

        if (ranges <= maxRemovalRanges) {
            // From the bottom up, so the rows above keep their numbers.
            for (qsizetype last = count - 1; last >= 0; --last) {
                if (!doomed[size_t(last)])
                    continue;
                qsizetype first = last;
                while (first > 0 && doomed[size_t(first - 1)])
                    --first;
                beginRemoveRows(QModelIndex(), int(first), int(last));
                for (qsizetype row = first; row <= last; ++row)
                    forget(rows[size_t(row)]);
                rows.erase(rows.begin() + first, rows.begin() + last + 1);
                reindex(first);
                endRemoveRows();
                last = first;
            }
            return;
        }

        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
        std::vector<int> newRow(static_cast<size_t>(count));
        std::vector<Row> reordered;
        reordered.reserve(size_t(count));
        for (const bool wanted : {false, true}) {
            for (qsizetype row = 0; row < count; ++row) {
                if (doomed[size_t(row)] != wanted)
                    continue;
                newRow[size_t(row)] = int(reordered.size());
                reordered.push_back(std::move(rows[size_t(row)]));
            }
        }
        const qsizetype kept = count - qsizetype(std::count(doomed.cbegin(), doomed.cend(), true));
        rows = std::move(reordered);
        // Asked for after layoutAboutToBeChanged: views and proxies make their persistent
        // indexes in response to it.
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &old : from)
            to.append(index(newRow[size_t(old.row())], old.column()));
        changePersistentIndexList(from, to);
        reindex(firstDoomed); // the rows above the first doomed one did not move
        Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);

        beginRemoveRows(QModelIndex(), int(kept), int(count - 1));
        for (qsizetype row = kept; row < count; ++row)
            forget(rows[size_t(row)]);
        rows.erase(rows.begin() + kept, rows.end());
        endRemoveRows();
    }
};
