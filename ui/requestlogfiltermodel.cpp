#include "requestlogfiltermodel.h"

#include "requestlogmodel.h"

RequestLogFilterModel::RequestLogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RequestLogModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

RequestLogFilterModel::~RequestLogFilterModel() = default;

void RequestLogFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    m_log = qobject_cast<RequestLogModel *>(sourceModel);
    QSortFilterProxyModel::setSourceModel(sourceModel);
}

void RequestLogFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    m_filterText = text;
    invalidateRowsFilter();
}

void RequestLogFilterModel::setStatusClasses(StatusClasses classes)
{
    classes &= AllStatusClasses;
    if (classes == m_statusClasses)
        return;
    m_statusClasses = classes;
    invalidateRowsFilter();
}

void RequestLogFilterModel::setStatusClassEnabled(StatusClass statusClass, bool enabled)
{
    StatusClasses classes = m_statusClasses;
    classes.setFlag(statusClass, enabled);
    setStatusClasses(classes);
}

RequestLogFilterModel::StatusClass RequestLogFilterModel::statusClassOf(int status)
{
    switch (status / 100) {
    case 2:
        return Status2xx;
    case 3:
        return Status3xx;
    case 4:
        return Status4xx;
    case 5:
        return Status5xx;
    default:
        return StatusOther;
    }
}

bool RequestLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_statusClasses == AllStatusClasses && m_filterText.isEmpty())
        return true;

    const QAbstractItemModel *source = sourceModel();
    int status = 0;
    QString peer;
    QString method;
    QString target;
    if (m_log) {
        // Fast path: straight from the ring, no QVariant per cell.
        const RequestLogModel::Entry &row = m_log->entry(sourceRow);
        status = row.status;
        if (!m_filterText.isEmpty()) {
            peer = row.peer;
            method = QString::fromLatin1(row.method);
            target = QString::fromUtf8(row.target);
        }
    } else {
        const auto cell = [&](int column, int role) {
            return source->data(source->index(sourceRow, column, sourceParent), role);
        };
        status = cell(RequestLogModel::StatusColumn, RequestLogModel::StatusRole).toInt();
        peer = cell(RequestLogModel::PeerColumn, Qt::DisplayRole).toString();
        method = cell(RequestLogModel::MethodColumn, Qt::DisplayRole).toString();
        target = cell(RequestLogModel::TargetColumn, Qt::DisplayRole).toString();
    }

    if (!m_statusClasses.testFlag(statusClassOf(status)))
        return false;
    if (m_filterText.isEmpty())
        return true;
    return peer.contains(m_filterText, Qt::CaseInsensitive)
        || method.contains(m_filterText, Qt::CaseInsensitive)
        || target.contains(m_filterText, Qt::CaseInsensitive);
}

bool RequestLogFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_log || sortRole() != RequestLogModel::SortRole || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);

    // Fast path for the numeric columns; ties keep arrival order, so sorting is stable.
    const RequestLogModel::Entry &a = m_log->entry(left.row());
    const RequestLogModel::Entry &b = m_log->entry(right.row());
    const auto byValue = [&](auto x, auto y) {
        return x != y ? x < y : left.row() < right.row();
    };
    switch (left.column()) {
    case RequestLogModel::TimeColumn:
        return byValue(a.timeMs, b.timeMs);
    case RequestLogModel::StatusColumn:
        return byValue(a.status, b.status);
    case RequestLogModel::BytesColumn:
        return byValue(a.bytes, b.bytes);
    case RequestLogModel::DurationColumn:
        return byValue(a.durationUs, b.durationUs);
    case RequestLogModel::ThreadColumn:
        return byValue(a.thread, b.thread);
    case RequestLogModel::ModeColumn:
        return byValue(int(a.mode), int(b.mode));
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}

#include "moc_requestlogfiltermodel.cpp"
