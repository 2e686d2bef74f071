#pragma once

#include <QtCore/QUrl>
#include <QtWidgets/QWidget>

#include <atomic>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QThread;
class QTimer;
class QToolButton;
class RequestLogFilterModel;
class RequestLogModel;
class RequestSelection;

/*!
    The request log as a person reads it: a sortable table over RequestLogFilterModel, a text
    filter (Ctrl+F), status-class toggles, "Follow newest", Clear, Export to CSV or JSON of the
    rows shown, and how many requests the log keeps (remembered in QSettings).

    The filter waits for typing to pause (filterDelayMs), so a word typed over a large log
    filters once. Export copies the rows shown and writes them on a worker thread, with
    progress in the status bar, so the window goes on updating meanwhile.

    Following the newest request means arrival order (or time order, newest at the bottom or,
    descending, at the top): sorting by any other column turns following off (the newest row
    lands anywhere in that order), as scrolling away from the newest rows does, and turning it
    on again goes back to arrival order.
*/
class RequestLogPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogPanel(RequestLogModel *log, QWidget *parent = nullptr);
    ~RequestLogPanel() override;

    QTableView *view() const { return m_view; }

    /*!
        Shares the picked requests with the other views: rows selected here select their
        requests; a selection made elsewhere selects its rows here and scrolls to the first
        (pausing "Follow newest" when that row is not the newest).
    */
    void setSelection(RequestSelection *selection);
    RequestLogFilterModel *filterModel() const { return m_filter; }

    QAction *findAction() const { return m_findAction; }
    QAction *followAction() const { return m_followAction; }
    QAction *clearAction() const { return m_clearAction; }
    QAction *exportCsvAction() const { return m_exportCsvAction; }
    QAction *exportJsonAction() const { return m_exportJsonAction; }
    /*! Export Log as HAR…: the rows shown as an HTTP Archive (HarExporter). */
    QAction *exportHarAction() const { return m_exportHarAction; }
    /*! The server's address, for the URLs a HAR file gives its requests. */
    void setServerUrl(const QUrl &url) { m_serverUrl = url; }
    QAction *capacityAction() const { return m_capacityAction; }

    static constexpr int minimumCapacity = 100;
    //! ~150 bytes a row plus its target: about 30 MiB at most, still sorted and filtered at once.
    static constexpr int maximumCapacity = 200000;
    //! How long the filter waits after a keystroke for the next one before it filters.
    static constexpr int filterDelayMs = 150;

    /*!
        Keeps at most \a rows requests (clamped to minimumCapacity..maximumCapacity; the oldest
        leave first) and remembers the choice for the next start.
    */
    void setCapacity(int rows);

    bool isFollowing() const;
    /*! Following again returns to arrival order when sorted by another column than Time. */
    void setFollowing(bool follow);

    /*! Updates the counts and, when following, scrolls to the newest row. Once per update. */
    void refresh();

    /*!
        Writes the rows shown to \a fileName (format from the suffix) on this thread and
        returns a translated error or "". Blocks for as long as it writes: the window's
        Export uses startExport().
    */
    QString exportTo(const QString &fileName);
    /*!
        Copies the rows shown, as filtered and sorted now (about 1 ms for 10,000 rows, 15-35
        for 200,000), and writes them to \a fileName (format from the suffix) on a worker
        thread: progress comes as statusMessage(), the end as exportFinished(). False while an
        export runs. Destroying the panel cancels a running export (no file is left).
    */
    bool startExport(const QString &fileName);
    bool isExporting() const { return m_exportThread != nullptr; }

Q_SIGNALS:
    /*! Something worth a line in the status bar (e.g. "Exported 120 rows to …"). */
    void statusMessage(const QString &message);
    /*! An export from startExport() ended; \a error is empty when the file was written. */
    void exportFinished(const QString &fileName, qint64 rows, const QString &error);

protected:
    /*! The export thread's progress reports. */
    void customEvent(QEvent *event) override;

private:
    enum class ExportKind { Csv, Json, Har };
    void exportInteractively(ExportKind kind);
    void setExportActionsEnabled(bool enabled);
    void applyFilterText();
    void onExportFinished(const QString &fileName, qint64 rows, const QString &error);
    void askForCapacity();
    void onScrolled(int value);
    void onSortIndicatorChanged(int column, Qt::SortOrder order);
    static bool isArrivalOrder(int column);
    bool newestAtTop() const;
    void scrollToNewest();
    void publishSelection();
    void applySelection();

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
    QAction *m_exportHarAction;
    QUrl m_serverUrl = QUrl(QStringLiteral("http://127.0.0.1:7878/"));
    QAction *m_capacityAction;
    QTimer *m_filterTimer;
    QThread *m_exportThread = nullptr; // while an export runs
    std::atomic<bool> m_exportCancelled {false};
    // The running export's file and size, and the rows it reported written (its thread writes
    // that; a posted event says when to show it).
    QString m_exportFileName;
    qint64 m_exportRows = 0;
    std::atomic<qint64> m_exportWritten {0};
    bool m_exportInteractive = false; // the running export came from the file dialog
    bool m_scrolling = false; // the view scrolls because we asked it to
    bool m_rowsChanged = false; // rows came or went since the last refresh()
    RequestSelection *m_selection = nullptr;
    bool m_syncingSelection = false; // the view's selection changes because we set it
};
