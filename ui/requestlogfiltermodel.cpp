// One proxy (filter, sort, arrival order and their incremental batch updates) whose parts
// share one row map and must change it together, as its class comment explains: split across
// files they would only be harder to keep consistent. Hence longer than the usual ~450 lines.

#include "requestlogfiltermodel.h"

#include "requestlogmodel.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

namespace {

// A total order over sort values of any type: different kinds that QVariant cannot compare
// (e.g. an invalid value and a number) go by type, so sorting and merging stay consistent.
int compareVariants(const QVariant &left, const QVariant &right)
{
    const QPartialOrdering order = QVariant::compare(left, right);
    if (order == QPartialOrdering::Less)
        return -1;
    if (order == QPartialOrdering::Greater)
        return 1;
    if (order == QPartialOrdering::Equivalent)
        return 0;
    return (left.typeId() > right.typeId()) - (left.typeId() < right.typeId());
}

/*!
    Sorts \a rows by the key \a keyOf gives each, ties by row (arrival), computing every key
    once: the comparisons then cost no model access and no string conversion.
*/
template<typename Key, typename KeyOf, typename Less>
void sortByKey(std::vector<int> &rows, KeyOf keyOf, Less less)
{
    std::vector<std::pair<Key, int>> keyed;
    keyed.reserve(rows.size());
    for (int row : rows)
        keyed.emplace_back(keyOf(row), row);
    std::sort(keyed.begin(), keyed.end(), [&less](const auto &left, const auto &right) {
        if (less(left.first, right.first))
            return true;
        if (less(right.first, left.first))
            return false;
        return left.second < right.second;
    });
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i] = keyed[i].second;
}

/*!
    A case-folded text with its first eight UTF-16 units packed into two integers, in order:
    most comparisons end at the integers, without following the strings into the heap (a
    third off a text sort over 200,000 rows). Shorter texts pad with zeros, so the integers
    never order two texts differently from the texts themselves.
*/
struct TextSortKey
{
    explicit TextSortKey(QString folded)
        : text(std::move(folded))
    {
        for (qsizetype i = 0; i < 8; ++i) {
            const quint64 unit = i < text.size() ? text.at(i).unicode() : 0;
            (i < 4 ? high : low) |= unit << (16 * (3 - i % 4));
        }
    }
    bool operator<(const TextSortKey &other) const
    {
        if (high != other.high)
            return high < other.high;
        if (low != other.low)
            return low < other.low;
        return text < other.text;
    }

    quint64 high = 0;
    quint64 low = 0;
    QString text;
};

bool isAscii(const QByteArray &bytes)
{
    return std::none_of(bytes.cbegin(), bytes.cend(), [](char c) { return (c & 0x80) != 0; });
}

/*!
    Where each of \a added (sorted by \a before) goes among \a shown (sorted likewise): the
    index in \a shown of the row it goes before (shown.size() for the end). Binary searches
    from the previous position on, so k rows among n cost O(k log n) comparisons.
*/
template<typename Before>
std::vector<size_t> insertPositions(const std::vector<int> &shown, const std::vector<int> &added,
                                    Before before)
{
    std::vector<size_t> positions;
    positions.reserve(added.size());
    auto from = shown.begin();
    for (int row : added) {
        from = std::upper_bound(from, shown.end(), row, before);
        positions.push_back(size_t(from - shown.begin()));
    }
    return positions;
}

std::vector<int> mergeAt(const std::vector<int> &shown, const std::vector<int> &added,
                         const std::vector<size_t> &positions)
{
    std::vector<int> merged;
    merged.reserve(shown.size() + added.size());
    size_t next = 0;
    for (size_t at = 0; at <= shown.size(); ++at) {
        while (next < added.size() && positions[next] == at)
            merged.push_back(added[next++]);
        if (at < shown.size())
            merged.push_back(shown[at]);
    }
    return merged;
}

} // namespace

RequestLogFilterModel::RequestLogFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
    , m_sortRole(RequestLogModel::SortRole)
{ }

RequestLogFilterModel::~RequestLogFilterModel() = default;

void RequestLogFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_log = qobject_cast<RequestLogModel *>(sourceModel);
    m_pendingRemoval = PendingRemoval::None;
    if (sourceModel) {
        // Before the base's own handlers: Qt 6.4's emit headerDataChanged() from within the
        // source's rowsRemoved, and a view would then read rows through a stale mapping.
        using M = QAbstractItemModel;
        m_connections = {
            connect(sourceModel, &M::rowsAboutToBeRemoved, this,
                    &RequestLogFilterModel::onRowsAboutToBeRemoved),
            connect(sourceModel, &M::rowsRemoved, this, &RequestLogFilterModel::onRowsRemoved),
            connect(sourceModel, &M::rowsInserted, this, &RequestLogFilterModel::onRowsInserted),
            connect(sourceModel, &M::layoutAboutToBeChanged, this,
                    &RequestLogFilterModel::onSourceLayoutAboutToBeChanged),
            connect(sourceModel, &M::layoutChanged, this,
                    &RequestLogFilterModel::onSourceLayoutChanged),
            connect(sourceModel, &M::rowsAboutToBeMoved, this,
                    &RequestLogFilterModel::onSourceLayoutAboutToBeChanged),
            connect(sourceModel, &M::rowsMoved, this,
                    &RequestLogFilterModel::onSourceLayoutChanged),
            connect(sourceModel, &M::modelAboutToBeReset, this,
                    &RequestLogFilterModel::onSourceAboutToBeReset),
            connect(sourceModel, &M::modelReset, this, &RequestLogFilterModel::onSourceReset),
            // The log's columns never change; any other model's column changes start over.
            connect(sourceModel, &M::columnsAboutToBeInserted, this,
                    &RequestLogFilterModel::onSourceAboutToBeReset),
            connect(sourceModel, &M::columnsInserted, this, &RequestLogFilterModel::onSourceReset),
            connect(sourceModel, &M::columnsAboutToBeRemoved, this,
                    &RequestLogFilterModel::onSourceAboutToBeReset),
            connect(sourceModel, &M::columnsRemoved, this, &RequestLogFilterModel::onSourceReset),
            connect(sourceModel, &M::columnsAboutToBeMoved, this,
                    &RequestLogFilterModel::onSourceAboutToBeReset),
            connect(sourceModel, &M::columnsMoved, this, &RequestLogFilterModel::onSourceReset),
            connect(sourceModel, &M::dataChanged, this, &RequestLogFilterModel::onDataChanged),
            connect(sourceModel, &M::headerDataChanged, this,
                    &RequestLogFilterModel::onHeaderDataChanged),
        };
    }
    QAbstractProxyModel::setSourceModel(sourceModel);
    if (sourceModel) {
        // After the base's: when the source goes, the base lets go of it first, so the reset
        // in onSourceDestroyed() asks nothing of a dead model.
        m_connections.append(connect(sourceModel, &QObject::destroyed, this,
                                     &RequestLogFilterModel::onSourceDestroyed));
    }
    m_proxyToSource = acceptedRows();
    rebuildSourceToProxy();
    endResetModel();
}

QModelIndex RequestLogFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source || !proxyIndex.isValid() || proxyIndex.model() != this)
        return QModelIndex();
    const int row = proxyIndex.row();
    if (row < 0 || size_t(row) >= m_proxyToSource.size())
        return QModelIndex();
    return source->index(m_proxyToSource[size_t(row)], proxyIndex.column());
}

QModelIndex RequestLogFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel()
        || sourceIndex.parent().isValid())
        return QModelIndex();
    const int sourceRow = sourceIndex.row();
    if (sourceRow < 0 || size_t(sourceRow) >= m_sourceToProxy.size())
        return QModelIndex();
    const int row = m_sourceToProxy[size_t(sourceRow)];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QModelIndex RequestLogFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || size_t(row) >= m_proxyToSource.size()
        || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex RequestLogFilterModel::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex RequestLogFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int RequestLogFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int RequestLogFilterModel::columnCount(const QModelIndex &parent) const
{
    const QAbstractItemModel *source = sourceModel();
    return parent.isValid() || !source ? 0 : source->columnCount();
}

bool RequestLogFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_proxyToSource.empty() && columnCount() > 0;
}

QVariant RequestLogFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source)
        return QVariant();
    if (orientation == Qt::Vertical) {
        if (section < 0 || size_t(section) >= m_proxyToSource.size())
            return QVariant();
        return source->headerData(m_proxyToSource[size_t(section)], orientation, role);
    }
    return source->headerData(section, orientation, role);
}

void RequestLogFilterModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    // Typing on narrows the filter: only the rows shown can still match.
    const bool narrowing = text.contains(m_filterText, Qt::CaseInsensitive);
    m_filterText = text;
    refilter(narrowing);
}

void RequestLogFilterModel::setStatusClasses(StatusClasses classes)
{
    classes &= AllStatusClasses;
    if (classes == m_statusClasses)
        return;
    const bool narrowing = (classes & ~m_statusClasses) == 0;
    m_statusClasses = classes;
    refilter(narrowing);
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

void RequestLogFilterModel::sort(int column, Qt::SortOrder order)
{
    column = std::max(column, -1);
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    std::vector<int> rows = m_proxyToSource;
    sortRows(rows);
    if (rows == m_proxyToSource) // e.g. arrival order, whichever the direction
        return;
    beginLayoutChange();
    m_proxyToSource.swap(rows);
    rebuildSourceToProxy();
    endLayoutChange();
}

void RequestLogFilterModel::setSortRole(int role)
{
    if (role == m_sortRole)
        return;
    m_sortRole = role;
    std::vector<int> rows = m_proxyToSource;
    sortRows(rows);
    if (rows == m_proxyToSource)
        return;
    beginLayoutChange();
    m_proxyToSource.swap(rows);
    rebuildSourceToProxy();
    endLayoutChange();
}

bool RequestLogFilterModel::acceptsRow(int sourceRow) const
{
    if (m_statusClasses == AllStatusClasses && m_filterText.isEmpty())
        return true;

    if (m_log) {
        // Fast path: straight from the ring, no QVariant per cell, and no string built for an
        // ASCII method or target (nearly all of them).
        const RequestLogModel::Entry &row = m_log->entry(sourceRow);
        if (!m_statusClasses.testFlag(statusClassOf(row.status)))
            return false;
        if (m_filterText.isEmpty())
            return true;
        if (row.peer.contains(m_filterText, Qt::CaseInsensitive)
            || QLatin1StringView(row.method).contains(m_filterText, Qt::CaseInsensitive))
            return true;
        return isAscii(row.target)
            ? QLatin1StringView(row.target).contains(m_filterText, Qt::CaseInsensitive)
            : QString::fromUtf8(row.target).contains(m_filterText, Qt::CaseInsensitive);
    }

    const QAbstractItemModel *source = sourceModel();
    const auto cell = [&](int column, int role) {
        return source->data(source->index(sourceRow, column), role);
    };
    const int status = cell(RequestLogModel::StatusColumn, RequestLogModel::StatusRole).toInt();
    if (!m_statusClasses.testFlag(statusClassOf(status)))
        return false;
    if (m_filterText.isEmpty())
        return true;
    for (int column : {RequestLogModel::PeerColumn, RequestLogModel::MethodColumn,
                       RequestLogModel::TargetColumn}) {
        if (cell(column, Qt::DisplayRole).toString().contains(m_filterText, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

RequestLogFilterModel::KeyKind RequestLogFilterModel::keyKind() const
{
    const QAbstractItemModel *source = sourceModel();
    if (!source || m_sortColumn < 0 || m_sortColumn >= source->columnCount())
        return KeyKind::Arrival;
    if (!m_log || m_sortRole != RequestLogModel::SortRole)
        return KeyKind::Variant;
    switch (m_sortColumn) {
    case RequestLogModel::PeerColumn:
    case RequestLogModel::MethodColumn:
    case RequestLogModel::TargetColumn:
        return KeyKind::Text;
    default:
        return KeyKind::Number;
    }
}

qint64 RequestLogFilterModel::numberKey(int sourceRow) const
{
    // What RequestLogModel::SortRole gives, without the QVariant.
    const RequestLogModel::Entry &row = m_log->entry(sourceRow);
    switch (m_sortColumn) {
    case RequestLogModel::TimeColumn:
        return row.timeMs;
    case RequestLogModel::StatusColumn:
        return row.status;
    case RequestLogModel::BytesColumn:
        return row.bytes;
    case RequestLogModel::DurationColumn:
        return row.durationUs;
    case RequestLogModel::WaitedColumn:
        return row.waitedUs;
    case RequestLogModel::HandledColumn:
        return row.handledUs;
    case RequestLogModel::ThreadColumn:
        return row.thread;
    case RequestLogModel::ModeColumn:
        return qint64(row.mode);
    default:
        return 0;
    }
}

QString RequestLogFilterModel::textKey(int sourceRow) const
{
    // Case-folded once, then compared code unit by code unit: case-insensitive order at the
    // cost of a plain comparison.
    const RequestLogModel::Entry &row = m_log->entry(sourceRow);
    switch (m_sortColumn) {
    case RequestLogModel::PeerColumn:
        return row.peer.toCaseFolded();
    case RequestLogModel::MethodColumn:
        return QString::fromLatin1(row.method).toCaseFolded();
    case RequestLogModel::TargetColumn:
        return QString::fromUtf8(row.target).toCaseFolded();
    default:
        return QString();
    }
}

QVariant RequestLogFilterModel::variantKey(int sourceRow) const
{
    const QAbstractItemModel *source = sourceModel();
    const QVariant value = source->data(source->index(sourceRow, m_sortColumn), m_sortRole);
    if (value.typeId() == QMetaType::QString)
        return value.toString().toCaseFolded();
    return value;
}

bool RequestLogFilterModel::isBefore(int left, int right) const
{
    int order = 0;
    switch (keyKind()) {
    case KeyKind::Arrival:
        return left < right;
    case KeyKind::Number: {
        const qint64 a = numberKey(left);
        const qint64 b = numberKey(right);
        order = (a > b) - (a < b);
        break;
    }
    case KeyKind::Text:
        order = QString::compare(textKey(left), textKey(right));
        break;
    case KeyKind::Variant:
        order = compareVariants(variantKey(left), variantKey(right));
        break;
    }
    if (order == 0)
        order = (left > right) - (left < right);
    // Descending is the exact reverse, ties included: the newest of equals first.
    return m_sortOrder == Qt::AscendingOrder ? order < 0 : order > 0;
}

void RequestLogFilterModel::sortRows(std::vector<int> &rows) const
{
    switch (keyKind()) {
    case KeyKind::Arrival:
        // Rows come in source order almost always (a batch appended): nothing to sort then.
        if (!std::is_sorted(rows.cbegin(), rows.cend()))
            std::sort(rows.begin(), rows.end());
        return; // arrival order has no direction (the header then shows no column)
    case KeyKind::Number:
        sortByKey<qint64>(
            rows, [this](int row) { return numberKey(row); }, std::less<>());
        break;
    case KeyKind::Text:
        sortByKey<TextSortKey>(
            rows, [this](int row) { return TextSortKey(textKey(row)); }, std::less<>());
        break;
    case KeyKind::Variant:
        sortByKey<QVariant>(
            rows, [this](int row) { return variantKey(row); },
            [](const QVariant &a, const QVariant &b) { return compareVariants(a, b) < 0; });
        break;
    }
    if (m_sortOrder == Qt::DescendingOrder)
        std::reverse(rows.begin(), rows.end());
}

std::vector<int> RequestLogFilterModel::acceptedRows() const
{
    std::vector<int> rows;
    const QAbstractItemModel *source = sourceModel();
    const int count = source ? source->rowCount() : 0;
    rows.reserve(size_t(count));
    for (int row = 0; row < count; ++row) {
        if (acceptsRow(row))
            rows.push_back(row);
    }
    sortRows(rows);
    return rows;
}

void RequestLogFilterModel::rebuildSourceToProxy()
{
    const QAbstractItemModel *source = sourceModel();
    m_sourceToProxy.assign(size_t(source ? source->rowCount() : 0), -1);
    for (size_t row = 0; row < m_proxyToSource.size(); ++row)
        m_sourceToProxy[size_t(m_proxyToSource[row])] = int(row);
}

void RequestLogFilterModel::insertShown(std::vector<int> added)
{
    if (added.empty())
        return;
    const std::vector<size_t> positions = insertPositions(
        m_proxyToSource, added, [this](int left, int right) { return isBefore(left, right); });
    if (positions.front() == positions.back()) {
        // All in one place: at the end (or the top) in arrival and time order.
        const int at = int(positions.front());
        beginInsertRows(QModelIndex(), at, at + int(added.size()) - 1);
        m_proxyToSource.insert(m_proxyToSource.begin() + qsizetype(at), added.begin(), added.end());
        rebuildSourceToProxy();
        endInsertRows();
        return;
    }
    std::vector<int> merged = mergeAt(m_proxyToSource, added, positions);
    beginLayoutChange();
    m_proxyToSource.swap(merged);
    rebuildSourceToProxy();
    endLayoutChange();
}

void RequestLogFilterModel::refilter(bool narrowing)
{
    if (!sourceModel())
        return;
    // Rows are tested in source order, which is the ring's: in a sorted order every row
    // would be a cache miss (over 200,000 rows, five times slower).
    enum : quint8 { Hidden, Kept, Dropped };
    std::vector<quint8> fate(m_sourceToProxy.size(), Hidden);
    std::vector<int> added;
    size_t dropped = 0;
    for (size_t row = 0; row < m_sourceToProxy.size(); ++row) {
        if (m_sourceToProxy[row] >= 0) {
            fate[row] = acceptsRow(int(row)) ? Kept : Dropped;
            dropped += fate[row] == Dropped;
        } else if (!narrowing && acceptsRow(int(row))) {
            added.push_back(int(row));
        }
    }
    if (dropped == 0 && added.empty())
        return;
    std::vector<int> kept;
    kept.reserve(m_proxyToSource.size() - dropped);
    for (int row : m_proxyToSource) {
        if (fate[size_t(row)] == Kept)
            kept.push_back(row);
    }

    std::vector<int> rows;
    if (added.size() > kept.size() / 16) {
        // Many rows come back: one sort of precomputed keys beats a search per row.
        rows = std::move(kept);
        rows.insert(rows.end(), added.begin(), added.end());
        sortRows(rows);
    } else {
        sortRows(added);
        rows = mergeAt(kept, added, insertPositions(kept, added, [this](int left, int right) {
                           return isBefore(left, right);
                       }));
    }
    beginLayoutChange();
    m_proxyToSource.swap(rows);
    rebuildSourceToProxy();
    endLayoutChange();
}

void RequestLogFilterModel::beginLayoutChange()
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_layoutIndexes = persistentIndexList();
    m_layoutSourceRows.clear();
    m_layoutSourceRows.reserve(size_t(m_layoutIndexes.size()));
    for (const QModelIndex &index : std::as_const(m_layoutIndexes)) {
        const int row = index.row();
        m_layoutSourceRows.push_back(
            row >= 0 && size_t(row) < m_proxyToSource.size() ? m_proxyToSource[size_t(row)] : -1);
    }
}

void RequestLogFilterModel::endLayoutChange()
{
    QModelIndexList to;
    to.reserve(m_layoutIndexes.size());
    for (qsizetype i = 0; i < m_layoutIndexes.size(); ++i) {
        const int sourceRow = m_layoutSourceRows[size_t(i)];
        const int row = sourceRow >= 0 && size_t(sourceRow) < m_sourceToProxy.size()
            ? m_sourceToProxy[size_t(sourceRow)]
            : -1;
        to.append(row >= 0 ? createIndex(row, m_layoutIndexes.at(i).column()) : QModelIndex());
    }
    changePersistentIndexList(m_layoutIndexes, to);
    m_layoutIndexes.clear();
    m_layoutSourceRows.clear();
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void RequestLogFilterModel::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    m_pendingRemoval = PendingRemoval::None;
    if (parent.isValid())
        return;
    int low = std::numeric_limits<int>::max();
    int high = -1;
    int count = 0;
    for (int sourceRow = first; sourceRow <= last; ++sourceRow) {
        const int row = m_sourceToProxy[size_t(sourceRow)];
        if (row >= 0) {
            low = std::min(low, row);
            high = std::max(high, row);
            ++count;
        }
    }
    if (count == 0)
        return;
    if (high - low + 1 == count) {
        // The oldest rows in arrival or time order: one range.
        beginRemoveRows(QModelIndex(), low, high);
        m_pendingRemoval = PendingRemoval::Rows;
    } else {
        // Scattered through another order: one layout change instead of a signal per gap.
        beginLayoutChange();
        m_pendingRemoval = PendingRemoval::Layout;
    }
}

void RequestLogFilterModel::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    const auto after = [first, last, count](int sourceRow) {
        return sourceRow < first ? sourceRow : sourceRow > last ? sourceRow - count : -1;
    };
    size_t kept = 0;
    for (size_t row = 0; row < m_proxyToSource.size(); ++row) {
        const int sourceRow = after(m_proxyToSource[row]);
        if (sourceRow >= 0)
            m_proxyToSource[kept++] = sourceRow;
    }
    m_proxyToSource.resize(kept);
    rebuildSourceToProxy();

    const PendingRemoval pending = m_pendingRemoval;
    m_pendingRemoval = PendingRemoval::None;
    if (pending == PendingRemoval::Rows) {
        endRemoveRows();
    } else if (pending == PendingRemoval::Layout) {
        for (int &sourceRow : m_layoutSourceRows)
            sourceRow = sourceRow >= 0 ? after(sourceRow) : -1;
        endLayoutChange();
    }
}

void RequestLogFilterModel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    // Rows inserted before the end move the rows after them (the log only appends).
    if (size_t(first) < m_sourceToProxy.size()) {
        for (int &sourceRow : m_proxyToSource) {
            if (sourceRow >= first)
                sourceRow += count;
        }
    }
    m_sourceToProxy.insert(m_sourceToProxy.begin() + qsizetype(first), size_t(count), -1);

    std::vector<int> added;
    for (int sourceRow = first; sourceRow <= last; ++sourceRow) {
        if (acceptsRow(sourceRow))
            added.push_back(sourceRow);
    }
    sortRows(added);
    insertShown(std::move(added));
}

void RequestLogFilterModel::onSourceLayoutAboutToBeChanged()
{
    Q_EMIT layoutAboutToBeChanged();
    m_sourceLayoutProxyIndexes = persistentIndexList();
    m_sourceLayoutIndexes.clear();
    for (const QModelIndex &index : std::as_const(m_sourceLayoutProxyIndexes))
        m_sourceLayoutIndexes.append(QPersistentModelIndex(mapToSource(index)));
}

void RequestLogFilterModel::onSourceLayoutChanged()
{
    m_proxyToSource = acceptedRows();
    rebuildSourceToProxy();
    QModelIndexList to;
    to.reserve(m_sourceLayoutIndexes.size());
    for (const QPersistentModelIndex &sourceIndex : std::as_const(m_sourceLayoutIndexes))
        to.append(mapFromSource(sourceIndex));
    changePersistentIndexList(m_sourceLayoutProxyIndexes, to);
    m_sourceLayoutProxyIndexes.clear();
    m_sourceLayoutIndexes.clear();
    Q_EMIT layoutChanged();
}

void RequestLogFilterModel::onSourceAboutToBeReset()
{
    beginResetModel();
}

void RequestLogFilterModel::onSourceReset()
{
    m_pendingRemoval = PendingRemoval::None;
    m_proxyToSource = acceptedRows();
    rebuildSourceToProxy();
    endResetModel();
}

void RequestLogFilterModel::onDataChanged(const QModelIndex &topLeft,
                                          const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    // A changed value may change what the filter accepts or where the row sorts (the log
    // never changes a row, so this is for other sources).
    std::vector<int> rows = acceptedRows();
    if (rows != m_proxyToSource) {
        beginLayoutChange();
        m_proxyToSource.swap(rows);
        rebuildSourceToProxy();
        endLayoutChange();
    }
    int low = std::numeric_limits<int>::max();
    int high = -1;
    for (int sourceRow = topLeft.row(); sourceRow <= bottomRight.row(); ++sourceRow) {
        const int row = m_sourceToProxy[size_t(sourceRow)];
        if (row >= 0) {
            low = std::min(low, row);
            high = std::max(high, row);
        }
    }
    if (high >= 0)
        Q_EMIT dataChanged(index(low, topLeft.column()), index(high, bottomRight.column()), roles);
}

void RequestLogFilterModel::onHeaderDataChanged(Qt::Orientation orientation, int first, int last)
{
    if (orientation == Qt::Horizontal)
        Q_EMIT headerDataChanged(orientation, first, last);
    else if (!m_proxyToSource.empty())
        Q_EMIT headerDataChanged(orientation, 0, rowCount() - 1);
}

void RequestLogFilterModel::onSourceDestroyed()
{
    beginResetModel();
    m_log = nullptr;
    m_connections.clear();
    m_pendingRemoval = PendingRemoval::None;
    m_proxyToSource.clear();
    m_sourceToProxy.clear();
    endResetModel();
}

#include "moc_requestlogfiltermodel.cpp"
