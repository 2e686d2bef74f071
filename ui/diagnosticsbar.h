#pragma once

#include "diagnostic.h"

#include <QtCore/QList>
#include <QtWidgets/QFrame>

class QLabel;
class QVBoxLayout;

/*!
    The mistakes the engine found (Diagnostic), named in the window: one sentence each, with
    its numbers in the locale's digits and what to do, and a "Show the requests" link that
    selects the requests it names in the log, the timeline and the waterfall. Hidden while
    there is nothing to say; Dismiss forgets them (on the server too: the window asks).
*/
class DiagnosticsBar : public QFrame
{
    Q_OBJECT

public:
    explicit DiagnosticsBar(QWidget *parent = nullptr);

    /*! Shows \a diagnostics (the bar hides when there are none); unchanged ones stay put. */
    void setDiagnostics(const QList<Diagnostic> &diagnostics);
    const QList<Diagnostic> &diagnostics() const { return m_diagnostics; }
    /*! The sentence shown for diagnostics()[index], as plain text. */
    QString text(int index) const;

    /*! What \a diagnostic says, translated, with the locale's digits. */
    static QString sentence(const Diagnostic &diagnostic);
    /*! The short name of \a kind ("Server thread blocked", ...), translated. */
    static QString title(Diagnostic::Kind kind);

    /*! Follows a "Show the requests" link, as a click on it does. */
    void showRequests(int index);

Q_SIGNALS:
    /*! The person asked to see the requests a diagnostic names. */
    void requestsPicked(const QList<quint64> &requestIds);
    /*! The person dismissed what is shown. */
    void dismissed();

private:
    QList<Diagnostic> m_diagnostics;
    QList<QLabel *> m_lines;
    QVBoxLayout *m_linesLayout;
};
