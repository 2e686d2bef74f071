#pragma once

#include <QtCore/QAbstractProxyModel>
#include <QtCore/QList>

#include <vector>

class RequestLogModel;

/*!
    The request log as the user filters and sorts it: a case-insensitive fixed-string text
    filter over peer, method and target, a status-class filter (all classes shown by default),
    and a sort by any column: numeric for numbers and times (RequestLogModel::SortRole),
    case-insensitive for text, ties in arrival order; column -1 is arrival order.

    Not a QSortFilterProxyModel: that one puts every new and every evicted row in its own
    sorted place, hundreds of scattered insert and remove signals per batch under load. Here
    every source change costs one signal pair: the rows that come or go are announced as one
    range when they are one range of the rows shown (always so in arrival order, and in time
    order while the clock runs forward), else the shown order is rebuilt by merging and
    announced as one layout change (persistent indexes, so selection and current row, follow).
    A batch of k rows over n costs O(n + k log n); filter changes are one pass and one layout
    change, and a narrower filter only looks at the rows shown.
*/
class RequestLogFilterModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum StatusClass {
        Status2xx = 0x01,
        Status3xx = 0x02,
        Status4xx = 0x04,
        Status5xx = 0x08,
        StatusOther = 0x10, //!< 1xx and anything outside 100–599
        AllStatusClasses = 0x1f
    };
    Q_DECLARE_FLAGS(StatusClasses, StatusClass)
    Q_FLAG(StatusClasses)

    explicit RequestLogFilterModel(QObject *parent = nullptr);
    ~RequestLogFilterModel() override;

    QString filterText() const { return m_filterText; }
    /*! Shows rows whose peer, method or target contains \a text (case-insensitive). */
    void setFilterText(const QString &text);

    StatusClasses statusClasses() const { return m_statusClasses; }
    void setStatusClasses(StatusClasses classes);
    /*! Shows or hides one status class, e.g. setStatusClassEnabled(Status4xx, false). */
    void setStatusClassEnabled(StatusClass statusClass, bool enabled);
    bool isStatusClassEnabled(StatusClass statusClass) const
    {
        return m_statusClasses.testFlag(statusClass);
    }

    /*! The class \a status belongs to (StatusOther outside 200–599). */
    static StatusClass statusClassOf(int status);

    /*! The column sorted by; -1 (the default) for arrival order. */
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    /*! The role compared when sorting (default RequestLogModel::SortRole, the fast path). */
    int sortRole() const { return m_sortRole; }
    void setSortRole(int role);

    void setSourceModel(QAbstractItemModel *sourceModel) override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /*! Sorts by \a column (-1: arrival order); one layout change. */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    enum class KeyKind { Arrival, Number, Text, Variant };
    enum class PendingRemoval { None, Rows, Layout };

    bool acceptsRow(int sourceRow) const;
    KeyKind keyKind() const;
    qint64 numberKey(int sourceRow) const;
    QString textKey(int sourceRow) const;
    QVariant variantKey(int sourceRow) const;
    /*! Whether \a left comes before \a right in the order shown (source rows). */
    bool isBefore(int left, int right) const;
    /*! Sorts source rows into the order shown. */
    void sortRows(std::vector<int> &rows) const;
    /*! The source rows the filter accepts, in the order shown. */
    std::vector<int> acceptedRows() const;
    void rebuildSourceToProxy();
    /*! Merges \a added (in the order shown) into the rows shown: one range or one layout change. */
    void insertShown(std::vector<int> added);
    void refilter(bool narrowing);
    void beginLayoutChange();
    void endLayoutChange();

    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceLayoutAboutToBeChanged();
    void onSourceLayoutChanged();
    void onSourceAboutToBeReset();
    void onSourceReset();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);
    void onHeaderDataChanged(Qt::Orientation orientation, int first, int last);
    void onSourceDestroyed();

    RequestLogModel *m_log = nullptr; // the source when it is a RequestLogModel (fast path)
    QList<QMetaObject::Connection> m_connections;
    QString m_filterText;
    StatusClasses m_statusClasses = AllStatusClasses;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_sortRole;

    std::vector<int> m_proxyToSource; // the source rows shown, in the order shown
    std::vector<int> m_sourceToProxy; // per source row: its row here, or -1 when filtered out

    PendingRemoval m_pendingRemoval = PendingRemoval::None;
    // Between beginLayoutChange() and endLayoutChange(): the persistent indexes and the source
    // rows they stand for (callers adjust the rows when the source's rows shift meanwhile).
    QModelIndexList m_layoutIndexes;
    std::vector<int> m_layoutSourceRows;
    // Between the source's layoutAboutToBeChanged and layoutChanged.
    QList<QPersistentModelIndex> m_sourceLayoutIndexes;
    QModelIndexList m_sourceLayoutProxyIndexes;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(RequestLogFilterModel::StatusClasses)
