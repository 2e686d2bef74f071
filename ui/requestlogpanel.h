#pragma once

#include <QtWidgets/QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;
class RequestLogFilterModel;
class RequestLogModel;

/*!
    The request log as a person reads it: a sortable table over RequestLogFilterModel, a text
    filter (Ctrl+F), status-class toggles, "Follow newest" (which turns itself off when the user
    scrolls away from the newest rows), Clear, Export to CSV or JSON of the rows shown, and how
    many requests the log keeps (remembered in QSettings).
*/
class RequestLogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogPanel(RequestLogModel *log, QWidget *parent = nullptr);
    ~RequestLogPanel() override;

    QTableView *view() const { return m_view; }
    RequestLogFilterModel *filterModel() const { return m_filter; }

    QAction *findAction() const { return m_findAction; }
    QAction *followAction() const { return m_followAction; }
    QAction *clearAction() const { return m_clearAction; }
    QAction *exportCsvAction() const { return m_exportCsvAction; }
    QAction *exportJsonAction() const { return m_exportJsonAction; }
    QAction *capacityAction() const { return m_capacityAction; }

    static constexpr int minimumCapacity = 100;
    //! ~150 bytes a row plus its target: about 30 MiB at most, still sorted and filtered at once.
    static constexpr int maximumCapacity = 200000;

    /*!
        Keeps at most \a rows requests (clamped to minimumCapacity..maximumCapacity; the oldest
        leave first) and remembers the choice for the next start.
    */
    void setCapacity(int rows);

    bool isFollowing() const;
    void setFollowing(bool follow);

    /*! Updates the counts and, when following, scrolls to the newest row. Once per update. */
    void refresh();

    /*! Writes the rows shown to \a fileName (format from the suffix); a translated error or "". */
    QString exportTo(const QString &fileName);

Q_SIGNALS:
    /*! Something worth a line in the status bar (e.g. "Exported 120 rows to …"). */
    void statusMessage(const QString &message);

private:
    void exportInteractively(bool json);
    void askForCapacity();
    void onScrolled(int value);
    bool newestAtTop() const;
    void scrollToNewest();

    RequestLogModel *m_log;
    RequestLogFilterModel *m_filter;
    QTableView *m_view;
    QLineEdit *m_filterEdit;
    QCheckBox *m_followBox;
    QLabel *m_counts;
    QAction *m_findAction;
    QAction *m_followAction;
    QAction *m_clearAction;
    QAction *m_exportCsvAction;
    QAction *m_exportJsonAction;
    QAction *m_capacityAction;
    bool m_scrolling = false; // the view scrolls because we asked it to
    bool m_rowsChanged = false; // rows came or went since the last refresh()
};
