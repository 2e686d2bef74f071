#pragma once

#include <QtCore/QSortFilterProxyModel>

class RequestLogModel;

/*!
    The request log as the user filters and sorts it: a case-insensitive fixed-string text
    filter over peer, method and target, and a status-class filter (all classes shown by
    default). Sorting is numeric for numbers and times (RequestLogModel::SortRole).
*/
class RequestLogFilterModel : public QSortFilterProxyModel
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

    void setSourceModel(QAbstractItemModel *sourceModel) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    RequestLogModel *m_log = nullptr; // the source when it is a RequestLogModel (fast path)
    QString m_filterText;
    StatusClasses m_statusClasses = AllStatusClasses;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(RequestLogFilterModel::StatusClasses)
