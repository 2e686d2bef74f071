#include "guitestmain.h"
#include "plaintextdelegate.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtGui/QPainter>
#include <QtGui/QStandardItemModel>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QTableView>

#include <memory>

namespace {

using Roles = QMap<int, QVariant>;

/*! One cell to paint: the item's data and how the view shows it. */
struct Cell
{
    static constexpr int fitting = -1; //!< as wide as the text and its margins

    Cell() = default;
    explicit Cell(const QString &text) { roles.insert(Qt::DisplayRole, text); }
    Cell with(int role, const QVariant &value) const
    {
        Cell cell = *this;
        cell.roles.insert(role, value);
        return cell;
    }
    Cell sized(int w, int h = 0) const
    {
        Cell cell = *this;
        cell.width = w;
        cell.height = h;
        return cell;
    }
    Cell on(QStyle::StateFlag flag) const
    {
        Cell cell = *this;
        cell.stateOn |= flag;
        return cell;
    }
    Cell off(QStyle::StateFlag flag) const
    {
        Cell cell = *this;
        cell.stateOff |= flag;
        return cell;
    }
    Cell wrapped() const
    {
        Cell cell = *this;
        cell.wrap = true;
        return cell;
    }
    Cell rightToLeft() const
    {
        Cell cell = *this;
        cell.direction = Qt::RightToLeft;
        return cell;
    }

    Roles roles;
    int width = 120;
    int height = 0; //!< 0: the tables' row height
    QStyle::State stateOn = QStyle::State_None;
    QStyle::State stateOff = QStyle::State_None;
    Qt::LayoutDirection direction = Qt::LeftToRight;
    bool wrap = false; //!< the view wraps words (the tables do not)
};

constexpr int pad = 4; // around the cell, so painting outside it shows
const QColor outside(255, 0, 255); // what nothing paints

/*! A table view as the log's: its option for a cell is what the delegate gets in the window. */
class View : public QTableView
{
public:
    View()
    {
        setWordWrap(false);
        setSelectionBehavior(QAbstractItemView::SelectRows);
    }
    using QTableView::initViewItemOption;
};

/*! \a delegate's rendering of \a index in \a option's cell, with pad pixels around it. */
QImage render(const QAbstractItemDelegate &delegate, QStyleOptionViewItem option,
              const QModelIndex &index)
{
    QImage image(option.rect.size() + QSize(2 * pad, 2 * pad), QImage::Format_ARGB32_Premultiplied);
    image.fill(outside);
    option.rect.moveTopLeft(QPoint(pad, pad));
    QPainter painter(&image);
    delegate.paint(&painter, option, index);
    painter.end();
    return image;
}

/*! Where two images differ, for a failure message. */
QByteArray differences(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return "sizes differ";
    QRect box;
    int count = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            if (a.pixel(x, y) != b.pixel(x, y)) {
                ++count;
                box |= QRect(x, y, 1, 1);
            }
        }
    }
    return QByteArray::number(count) + " pixels differ within (" + QByteArray::number(box.x())
        + ", " + QByteArray::number(box.y()) + ") " + QByteArray::number(box.width()) + "x"
        + QByteArray::number(box.height());
}

QPixmap icon()
{
    QPixmap pixmap(16, 16);
    pixmap.fill(QColor(0, 128, 255));
    return pixmap;
}

} // namespace

Q_DECLARE_METATYPE(Cell)

/*!
    PlainTextDelegate paints plain cells itself (cached static text) and must look exactly as
    QStyledItemDelegate does; other cells it hands to QStyledItemDelegate. Both paint the same
    cell into images, offscreen, and the images are compared pixel for pixel.
*/
class tst_PlainTextDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void paintsAsTheStyledDelegate_data();
    void paintsAsTheStyledDelegate();
    void cacheIsBounded();
    void cacheKeysOnTextAndFont();

private:
    QStyleOptionViewItem optionFor(const QModelIndex &index, const QSize &size) const;

    std::unique_ptr<View> m_view;
    std::unique_ptr<QStandardItemModel> m_model;
    int m_rowHeight = 0;
};

void tst_PlainTextDelegate::initTestCase()
{
    // Glyphs are what is compared: without a font there would be nothing to see.
    QVERIFY(QFontMetrics(QApplication::font()).horizontalAdvance(QStringLiteral("GET")) > 0);
}

void tst_PlainTextDelegate::init()
{
    m_model = std::make_unique<QStandardItemModel>(1, 1);
    m_view = std::make_unique<View>();
    m_view->setModel(m_model.get());
    m_rowHeight = m_view->fontMetrics().height() + 6; // as the log's and connections' rows
}

void tst_PlainTextDelegate::cleanup()
{
    m_view.reset();
    m_model.reset();
}

/*! The option the view gives the delegate for \a index, in an active window, cell \a size. */
QStyleOptionViewItem tst_PlainTextDelegate::optionFor(const QModelIndex &index,
                                                      const QSize &size) const
{
    QStyleOptionViewItem option;
    m_view->initViewItemOption(&option);
    option.rect = QRect(QPoint(0, 0), size);
    option.state |= QStyle::State_Enabled | QStyle::State_Active;
    option.index = index;
    return option;
}

void tst_PlainTextDelegate::paintsAsTheStyledDelegate_data()
{
    QTest::addColumn<Cell>("cell");
    QTest::addColumn<bool>("elided"); // the text is wider than the cell

    const auto right = QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    const QString longTarget = QStringLiteral("/sleep?ms=100&padding=abcdefghijklmnopqrstuvwxyz");
    QFont bold = QApplication::font();
    bold.setBold(true);
    const QString twoLines = QStringLiteral("first\nsecond");

    QTest::newRow("plain") << Cell(QStringLiteral("GET")) << false;
    QTest::newRow("top aligned, tall cell")
        << Cell(QStringLiteral("200"))
               .with(Qt::TextAlignmentRole, QVariant::fromValue(Qt::AlignLeft | Qt::AlignTop))
               .sized(80, 60)
        << false;
    QTest::newRow("long text elided") << Cell(longTarget).sized(90) << true;
    QTest::newRow("long number elided, right aligned")
        << Cell(QStringLiteral("1,234,567,890 µs")).with(Qt::TextAlignmentRole, right).sized(50)
        << true;
    QTest::newRow("exactly fits") << Cell(QStringLiteral("GET")).sized(Cell::fitting) << false;
    QTest::newRow("selected") << Cell(QStringLiteral("127.0.0.1")).on(QStyle::State_Selected)
                              << false;
    QTest::newRow("selected, inactive window")
        << Cell(QStringLiteral("127.0.0.1")).on(QStyle::State_Selected).off(QStyle::State_Active)
        << false;
    QTest::newRow("disabled") << Cell(QStringLiteral("Closed")).off(QStyle::State_Enabled) << false;
    QTest::newRow("focus") << Cell(QStringLiteral("Idle")).on(QStyle::State_HasFocus) << false;
    QTest::newRow("foreground colour")
        << Cell(QStringLiteral("503")).with(Qt::ForegroundRole, QBrush(QColor(200, 0, 0))) << false;
    QTest::newRow("background colour")
        << Cell(QStringLiteral("503")).with(Qt::BackgroundRole, QBrush(QColor(255, 230, 150)))
        << false;
    QTest::newRow("bold font") << Cell(QStringLiteral("POST")).with(Qt::FontRole, bold) << false;
    QTest::newRow("empty") << Cell(QString()) << false;
    QTest::newRow("empty, selected") << Cell(QString()).on(QStyle::State_Selected) << false;
    QTest::newRow("two lines, tall cell") << Cell(twoLines).sized(120, 40) << false;
    // Not plain: QStyledItemDelegate paints these.
    QTest::newRow("icon") << Cell(QStringLiteral("GET")).with(Qt::DecorationRole, icon()) << false;
    QTest::newRow("check box")
        << Cell(QStringLiteral("keep-alive")).with(Qt::CheckStateRole, int(Qt::Checked)) << false;
    QTest::newRow("word wrap")
        << Cell(longTarget + QStringLiteral(" and more words")).sized(90, 60).wrapped() << true;
    // Found by this test and fixed: aligned text at the style's fractional x; right-to-left
    // and multi-line text handed over.
    QTest::newRow("number, right aligned")
        << Cell(QStringLiteral("12,345")).with(Qt::TextAlignmentRole, right) << false;
    QTest::newRow("centred") << Cell(QStringLiteral("worker 2"))
                                    .with(Qt::TextAlignmentRole,
                                          QVariant::fromValue(Qt::AlignCenter))
                                    .sized(121)
                             << false;
    QTest::newRow("right to left") << Cell(QStringLiteral("GET")).rightToLeft() << false;
    QTest::newRow("two lines, one line's height") << Cell(twoLines) << false;
}

void tst_PlainTextDelegate::paintsAsTheStyledDelegate()
{
    QFETCH(Cell, cell);
    QFETCH(bool, elided);

    const QModelIndex index = m_model->index(0, 0);
    QVERIFY(m_model->setItemData(index, cell.roles));
    const QString text = cell.roles.value(Qt::DisplayRole).toString();
    const QFontMetrics metrics(cell.roles.contains(Qt::FontRole)
                                   ? qvariant_cast<QFont>(cell.roles.value(Qt::FontRole))
                                   : m_view->font());
    // The text's room in the cell: what both delegates leave for the focus frame.
    const int margin = 2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
    const int width
        = cell.width == Cell::fitting ? metrics.horizontalAdvance(text) + margin : cell.width;
    QCOMPARE(metrics.horizontalAdvance(text) > width - margin, elided);

    QStyleOptionViewItem option
        = optionFor(index, QSize(width, cell.height ? cell.height : m_rowHeight));
    option.state |= cell.stateOn;
    option.state &= ~cell.stateOff;
    option.direction = cell.direction;
    if (cell.wrap)
        option.features |= QStyleOptionViewItem::WrapText;

    const PlainTextDelegate plain;
    const QStyledItemDelegate styled;
    const QImage painted = render(plain, option, index);
    const QImage expected = render(styled, option, index);
    QVERIFY(m_model->setData(index, QString(), Qt::DisplayRole));
    const QImage blank = render(styled, option, index);

    QVERIFY2(painted == expected, differences(painted, expected).constData());
    // Not two blank images: the text shows (or, elided, the part that fits).
    if (!text.isEmpty())
        QVERIFY(painted != blank);
    // Nothing painted outside the cell.
    for (int x = 0; x < painted.width(); ++x) {
        QCOMPARE(painted.pixelColor(x, 0), outside);
        QCOMPARE(painted.pixelColor(x, painted.height() - 1), outside);
    }
    for (int y = 0; y < painted.height(); ++y) {
        QCOMPARE(painted.pixelColor(0, y), outside);
        QCOMPARE(painted.pixelColor(painted.width() - 1, y), outside);
    }
}

void tst_PlainTextDelegate::cacheIsBounded()
{
    const QModelIndex index = m_model->index(0, 0);
    const QStyleOptionViewItem option = optionFor(index, QSize(150, m_rowHeight));
    const PlainTextDelegate plain;
    const QStyledItemDelegate styled;
    QImage image(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    const auto paint = [&](const QString &text) {
        m_model->setData(index, text, Qt::DisplayRole);
        image.fill(outside);
        QPainter painter(&image);
        plain.paint(&painter, option, index);
    };
    const auto asStyled = [&](const QString &text) {
        m_model->setData(index, text, Qt::DisplayRole);
        return render(plain, option, index) == render(styled, option, index);
    };
    const auto target = [](int i) {
        return QStringLiteral("/row/%1").arg(i);
    };
    constexpr int max = PlainTextDelegate::maxCachedTexts;

    QCOMPARE(plain.cachedTextCount(), 0);
    paint(target(0));
    paint(target(1));
    paint(target(0)); // found, not added
    QCOMPARE(plain.cachedTextCount(), 2);
    // Every request of a busy log has its own target: the cache fills...
    for (int i = 2; i < max; ++i) {
        paint(target(i));
        if (i % 1024 == 0)
            QVERIFY2(asStyled(target(i)), qPrintable(target(i)));
    }
    QCOMPARE(plain.cachedTextCount(), max);
    paint(target(1)); // a text already kept is found in a full cache, which stays as it is
    QCOMPARE(plain.cachedTextCount(), max);
    // ...and the next text starts it afresh rather than growing it.
    paint(target(max));
    QCOMPARE(plain.cachedTextCount(), 1);
    // Painting goes on as before, for new texts and for ones that were dropped.
    QVERIFY(asStyled(target(max)));
    QVERIFY(asStyled(target(0)));
    QVERIFY(asStyled(target(max + 1)));
    QCOMPARE(plain.cachedTextCount(), 3);
    for (int round = 1; round <= 3; ++round) { // bounded every time round
        for (int i = 0; i < max + 100; ++i) {
            paint(target(round * 100'000 + i));
            if (plain.cachedTextCount() > max)
                QFAIL(qPrintable(QStringLiteral("%1 texts cached").arg(plain.cachedTextCount())));
        }
        QVERIFY(plain.cachedTextCount() > 0);
        QVERIFY(asStyled(target(round * 100'000)));
    }
}

void tst_PlainTextDelegate::cacheKeysOnTextAndFont()
{
    const QModelIndex index = m_model->index(0, 0);
    const PlainTextDelegate plain;
    const QStyledItemDelegate styled;
    const QStyleOptionViewItem option = optionFor(index, QSize(150, m_rowHeight));
    const auto paint = [&](const QString &text) {
        QVERIFY(m_model->setData(index, text, Qt::DisplayRole));
        const QImage painted = render(plain, option, index);
        const QImage expected = render(styled, option, index);
        QVERIFY2(painted == expected, differences(painted, expected).constData());
    };

    paint(QStringLiteral("GET"));
    paint(QStringLiteral("GET"));
    QCOMPARE(plain.cachedTextCount(), 1);
    // Cells the styled delegate paints leave the cache alone.
    QVERIFY(m_model->setData(index, icon(), Qt::DecorationRole));
    paint(QStringLiteral("POST"));
    QCOMPARE(plain.cachedTextCount(), 1);
    QVERIFY(m_model->setData(index, QVariant(), Qt::DecorationRole));
    paint(QStringLiteral("POST"));
    QCOMPARE(plain.cachedTextCount(), 2);
    // Texts are laid out for one font: another starts the cache afresh, and still matches.
    QFont bold = m_view->font();
    bold.setBold(true);
    QVERIFY(m_model->setData(index, bold, Qt::FontRole));
    paint(QStringLiteral("POST"));
    QCOMPARE(plain.cachedTextCount(), 1);
    paint(QStringLiteral("GET"));
    QCOMPARE(plain.cachedTextCount(), 2);
    QVERIFY(m_model->setData(index, QVariant(), Qt::FontRole));
    paint(QStringLiteral("GET"));
    QCOMPARE(plain.cachedTextCount(), 1);
}

SERVESCOPE_GUI_TEST_MAIN(tst_PlainTextDelegate)
#include "tst_plaintextdelegate.moc"
